package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.UpdateRule;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Data-parallel training of an {@code nn} model on Apache Spark, where the data already is: each partition
 * of a {@code Dataset<Row>} is a worker's share. The driver holds the model and the optimizer; what travels
 * is the parameters, buffers and gradients as safetensors bytes (checked against the model's schema on
 * arrival), and the recipes ({@link Factory}) from which each task builds its own model and loss.
 *
 * <pre>{@code
 * SparkTrainer trainer = SparkTrainer.builder()
 *     .model(() -> network())                       // a Factory<Module>: the same model on every call
 *     .loss(CrossEntropy::sum)                       // summed over examples
 *     .optimizer(() -> Sgd.of(0.1))
 *     .globalBatchSize(64)                           // examples per step over all partitions
 *     .format(RowFormat.of("pixels", "label"))
 *     .metrics(Metric::accuracy)
 *     .stopWhen(StoppingCriterion.maxEpochs(5))
 *     .build();
 * Fitted fitted = trainer.fit(spark.read().parquet("train.parquet").repartition(4), validation);
 * }</pre>
 *
 * <p>With the {@link Strategy#synchronous()} strategy (the default) training is deterministic: the same
 * seed and the same partitions give the same bits, equal to {@link #fitLocally}, the single-JVM reference
 * that runs the same tasks one after another. A task Spark retries computes the same result again.
 * Immutable; build one with {@link #builder()}.
 */
public final class SparkTrainer {
  private final Builder config;

  private SparkTrainer(Builder config) {
    this.config = config.copy();
  }

  /**
   * A builder with the defaults: synchronous strategy, seed 0, no metrics, a silent listener.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on the partitions of {@code train}, scoring {@code validation} (if not null) after each epoch.
   *
   * @param train the training examples; its partitions are the workers' shares
   * @param validation held-out examples, or null
   * @return the trained model and its history
   * @throws IllegalArgumentException if the global batch is not a multiple of the partitions, or a
   *     partition holds fewer examples than its slice of one step
   */
  public Fitted fit(org.apache.spark.sql.Dataset<Row> train, org.apache.spark.sql.Dataset<Row> validation) {
    checkNotNull(train, "fit: train is null");
    var dtype = Tasks.dtype(config.model.create());
    SparkWorkers workers = new SparkWorkers(train, config.format, dtype);
    SparkWorkers held = validation == null ? null : new SparkWorkers(validation, config.format, dtype);
    try {
      return Training.run(config, workers, held);
    } finally {
      workers.release();
      if (held != null) {
        held.release();
      }
    }
  }

  /**
   * The single-JVM reference: the same tasks as {@link #fit}, run one after another in this JVM on
   * {@code partitions} (for example {@link #partitions} of the same rows). With the synchronous strategy
   * it gives the same bits as {@code fit} on a Spark dataset with those partitions: how to check a setup.
   *
   * @param partitions each partition's examples, in partition order
   * @param validation held-out examples, or null
   * @return the trained model and its history
   */
  public Fitted fitLocally(List<Dataset> partitions, Dataset validation) {
    checkArgument(!partitions.isEmpty(), "fitLocally: give at least one partition");
    return Training.run(config, new LocalWorkers(partitions),
        validation == null ? null : new LocalWorkers(List.of(validation)));
  }

  /**
   * The partitions of {@code rows} as datasets on the driver, in partition order, converted as
   * {@link #fit} converts them: for {@link #fitLocally} on data small enough to collect.
   *
   * @param rows the examples
   * @return one dataset per partition
   */
  public List<Dataset> partitions(org.apache.spark.sql.Dataset<Row> rows) {
    var dtype = Tasks.dtype(config.model.create());
    List<Dataset> out = new ArrayList<>();
    for (List<Row> partition : rows.toJavaRDD().glom().collect()) {
      out.add(SparkWorkers.shard(partition.iterator(), config.format, dtype));
    }
    return out;
  }

  /** Collects a {@link SparkTrainer}'s settings; not thread-safe. */
  public static final class Builder {
    Factory<Module> model;
    Factory<Loss> loss;
    Factory<UpdateRule> rule;
    int globalBatch;
    Strategy strategy = Strategy.synchronous();
    RowFormat format = RowFormat.of("features", "label");
    List<Factory<Metric>> metrics = List.of();
    List<StoppingCriterion> stopping = new ArrayList<>();
    TrainingListener listener = TrainingListener.silent();
    LearningRateSchedule schedule;
    long seed;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.model = model;
      b.loss = loss;
      b.rule = rule;
      b.globalBatch = globalBatch;
      b.strategy = strategy;
      b.format = format;
      b.metrics = List.copyOf(metrics);
      b.stopping = List.copyOf(stopping);
      b.listener = listener;
      b.schedule = schedule;
      b.seed = seed;
      return b;
    }

    /**
     * The model's recipe, called on the driver and in every task; each call must build the same
     * architecture (its parameters are replaced by the driver's).
     *
     * @param model builds the model
     * @return this builder
     */
    public Builder model(Factory<Module> model) {
      this.model = checkNotNull(model, "model: null");
      return this;
    }

    /**
     * The loss's recipe: a loss summed over the examples ({@code CrossEntropy.sum()},
     * {@code MeanSquaredError.sum()}). Each slice's loss is divided by the global batch size, so the
     * slices' gradients add up to the gradient of the mean loss over the global batch.
     *
     * @param summedLoss builds the loss
     * @return this builder
     */
    public Builder loss(Factory<Loss> summedLoss) {
      this.loss = checkNotNull(summedLoss, "loss: null");
      return this;
    }

    /**
     * The update rule's recipe ({@code () -> Adam.of(1e-3)}).
     *
     * @param rule builds the rule
     * @return this builder
     */
    public Builder optimizer(Factory<UpdateRule> rule) {
      this.rule = checkNotNull(rule, "optimizer: null");
      return this;
    }

    /**
     * Examples per step over all partitions; a multiple of the number of partitions.
     *
     * @param examples the global batch size, positive
     * @return this builder
     */
    public Builder globalBatchSize(int examples) {
      checkArgument(examples > 0, "globalBatchSize: must be positive; got %s", examples);
      this.globalBatch = examples;
      return this;
    }

    /**
     * How the partitions' work is combined (default {@link Strategy#synchronous()}).
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder strategy(Strategy strategy) {
      this.strategy = checkNotNull(strategy, "strategy: null");
      return this;
    }

    /**
     * Where the rows keep features and labels (default: columns {@code features} and {@code label}).
     *
     * @param format the columns
     * @return this builder
     */
    public Builder format(RowFormat format) {
      this.format = checkNotNull(format, "format: null");
      return this;
    }

    /**
     * The metrics computed on the validation data after each epoch.
     *
     * @param metrics their recipes ({@code Metric::accuracy})
     * @return this builder
     */
    @SafeVarargs
    public final Builder metrics(Factory<Metric>... metrics) {
      this.metrics = List.of(metrics);
      return this;
    }

    /**
     * Adds stopping criteria, checked after each epoch (and, for time limits, after each step), as
     * {@code Trainer} does.
     *
     * @param criteria the criteria
     * @return this builder
     */
    public Builder stopWhen(StoppingCriterion... criteria) {
      stopping.addAll(List.of(criteria));
      return this;
    }

    /**
     * Receives each step's loss and each epoch's record, on the driver.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(TrainingListener listener) {
      this.listener = checkNotNull(listener, "listener: null");
      return this;
    }

    /**
     * Sets the learning rate at the start of each epoch, as {@code Trainer.withSchedule} does (default:
     * the rule's own rate throughout).
     *
     * @param rates the learning rate per epoch
     * @return this builder
     */
    public Builder schedule(LearningRateSchedule rates) {
      this.schedule = checkNotNull(rates, "schedule: null");
      return this;
    }

    /**
     * The seed of each epoch's example order within the partitions and of dropout's masks (default 0).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The trainer, after checking every setting is there.
     *
     * @return the trainer
     * @throws IllegalStateException if the model, loss, optimizer, batch size or a stopping criterion is missing
     */
    public SparkTrainer build() {
      com.google.common.base.Preconditions.checkState(model != null && loss != null && rule != null,
          "sparkTrainer: give the model, the loss and the optimizer");
      com.google.common.base.Preconditions.checkState(globalBatch > 0, "sparkTrainer: give the global batch size");
      Loss sample = loss.create();
      com.google.common.base.Preconditions.checkState(sample.reduction() == Reduction.SUM,
          "sparkTrainer: the loss must sum over examples (e.g. CrossEntropy.sum()); got %s with reduction %s",
          sample, sample.reduction());
      com.google.common.base.Preconditions.checkState(!stopping.isEmpty(),
          "sparkTrainer: give at least one stopping criterion, e.g. StoppingCriterion.maxEpochs(10)");
      return new SparkTrainer(this);
    }
  }
}
