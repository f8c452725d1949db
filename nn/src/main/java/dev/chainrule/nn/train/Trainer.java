package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Buffer;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.Batch;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.io.TrainingCheckpoint;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The training loop: for each batch, forward, loss, backward, optimizer step; after each epoch, validation,
 * metrics, learning-rate adjustment and the stopping criteria.
 *
 * <pre>{@code
 * History h = Trainer.create(model, CrossEntropy.mean(), optimizer)
 *     .validateOn(validation)
 *     .withMetrics(Metric.accuracy())
 *     .stopWhen(StoppingCriterion.maxEpochs(20), StoppingCriterion.noImprovement(3, 1e-4))
 *     .fit(DataLoader.shuffled(train, 32, 42));
 * }</pre>
 *
 * <p>A trainer is an immutable configuration; {@code with…} methods return a new one. Training mutates
 * only the model's parameters and buffers and the optimizer's state.
 *
 * <p>A batch whose loss is not finite (NaN or infinite) stops {@link #fit} at once with an
 * {@link ArithmeticException} naming the epoch and batch; it is thrown before that batch's backward pass
 * and optimizer step, so the parameters, buffers and optimizer state are those left by the previous batch.
 *
 * <p>Checkpointing: {@link #checkpointEvery} saves a {@link TrainingCheckpoint} (one file, replaced
 * atomically) at the end of every n-th epoch, {@link #checkpointEverySteps} after every n-th optimizer
 * step, and {@link #resumeFrom} or {@link #resumeIfPresent} start
 * {@link #fit} from one. With the same seeds and configuration, a run that is stopped and resumed ends
 * bit-identical to one that never stopped (parameters, buffers, optimizer state, history values).
 *
 * <pre>{@code
 * Path file = Path.of("run.ckpt.safetensors");
 * Trainer.create(model, loss, optimizer)
 *     .stopWhen(StoppingCriterion.maxEpochs(50))
 *     .checkpointEvery(5, file)
 *     .resumeIfPresent(file)        // after a crash, continue from the last saved epoch
 *     .fit(DataLoader.shuffled(train, 32, 42));
 * }</pre>
 */
public final class Trainer {
  private static final int EVALUATION_BATCH = 1024;

  private final TrainingPlan plan;

  private Trainer(TrainingPlan plan) {
    this.plan = plan;
  }

  /**
   * A trainer with no stopping criteria yet (add some with {@link #stopWhen}), silent.
   *
   * @param model the module to train
   * @param loss the loss of its outputs against the targets
   * @param optimizer the optimizer of the model's parameters
   * @return the trainer
   */
  public static Trainer create(Module model, Loss loss, Optimizer optimizer) {
    return new Trainer(TrainingPlan.of(model, loss, optimizer));
  }

  /**
   * Adds stopping criteria; training stops at the first that fires.
   *
   * @param criteria the criteria to add after those already given
   * @return a trainer with the criteria added
   */
  public Trainer stopWhen(StoppingCriterion... criteria) {
    List<StoppingCriterion> all = new ArrayList<>(plan.stopping());
    all.addAll(List.of(criteria));
    return new Trainer(plan.withStopping(all));
  }

  /**
   * Evaluates loss and metrics on {@code data} after each epoch; early stopping then watches it.
   *
   * @param data the validation set
   * @return a trainer validating on {@code data}
   */
  public Trainer validateOn(Dataset data) {
    return new Trainer(plan.withValidation(data));
  }

  /**
   * Metrics reported per epoch; their names must differ.
   *
   * @param reported the metrics, in the order the records list them
   * @return a trainer reporting these metrics
   */
  public Trainer withMetrics(Metric... reported) {
    Set<String> names = new HashSet<>();
    for (Metric m : reported) {
      checkArgument(names.add(m.name()), "withMetrics: two metrics are named %s; each needs its own name", m.name());
    }
    return new Trainer(plan.withMetrics(List.of(reported)));
  }

  /**
   * Sets the learning rate at the start of each epoch from {@code rates}.
   *
   * @param rates the learning rate of each epoch
   * @return a trainer following the schedule
   */
  public Trainer withSchedule(LearningRateSchedule rates) {
    checkArgument(plan.plateau() == null, "withSchedule: this trainer already reduces on plateaus; use one or the other");
    return new Trainer(plan.withSchedule(rates));
  }

  /**
   * Lowers the learning rate when the monitored loss stops improving.
   *
   * @param reduction when and how far to lower it
   * @return a trainer reducing the learning rate on plateaus
   */
  public Trainer withPlateauReduction(ReduceOnPlateau reduction) {
    checkArgument(plan.schedule() == null, "withPlateauReduction: this trainer already has a schedule; use one or the other");
    return new Trainer(plan.withPlateau(reduction));
  }

  /**
   * Reports progress to {@code progress}.
   *
   * @param progress the listener, e.g. {@link TrainingListener#progress(int)}
   * @return a trainer reporting to {@code progress}
   */
  public Trainer withListener(TrainingListener progress) {
    return new Trainer(plan.withListener(progress));
  }

  /**
   * Saves a training checkpoint to {@code file} after every {@code epochs}-th epoch (epochs 5, 10, … for
   * 5), once the epoch's validation, listener call and plateau adjustment are done. The file holds the
   * model's state dict, the optimizer's state, the epoch and step counters, the loader's and every
   * dropout layer's position in its random sequence, the history and the plateau state, all in one atomic
   * write, so a crash leaves either the previous checkpoint or the new one.
   *
   * @param epochs the interval in epochs, positive
   * @param file the checkpoint file
   * @return a trainer saving checkpoints
   * @throws IllegalArgumentException if {@code epochs} is not positive
   */
  public Trainer checkpointEvery(int epochs, Path file) {
    checkArgument(epochs > 0, "checkpointEvery: the interval must be a positive number of epochs; got %s", epochs);
    checkArgument(file != null, "checkpointEvery: the file must not be null; got null with interval %s", epochs);
    return new Trainer(plan.withCheckpointing(plan.checkpointing().withEpochs(epochs, file)));
  }

  /**
   * Saves a training checkpoint to {@code file} after every optimizer step whose step count is a
   * multiple of {@code steps}, in the middle of an epoch too. Besides what {@link #checkpointEvery}
   * saves, the file records how far the epoch had got (batches done, the running loss sum and example
   * count), so a resumed run replays the same epoch order, skips the batches already done and ends
   * bit-identical to an uninterrupted one. Each such save writes the whole state: choose {@code steps}
   * so that saving stays cheap next to training.
   *
   * @param steps the interval in optimizer steps, positive
   * @param file the checkpoint file
   * @return a trainer saving checkpoints
   * @throws IllegalArgumentException if {@code steps} is not positive
   */
  public Trainer checkpointEverySteps(int steps, Path file) {
    checkArgument(steps > 0, "checkpointEverySteps: the interval must be a positive number of steps; got %s", steps);
    checkArgument(file != null, "checkpointEverySteps: the file must not be null; got null with interval %s", steps);
    return new Trainer(plan.withCheckpointing(plan.checkpointing().withSteps(steps, file)));
  }

  /**
   * Starts {@link #fit} from the training checkpoint in {@code file}: the model, optimizer, loader,
   * dropout layers, history and plateau state are restored and training continues with the next epoch.
   * If the saved history already meets a stopping criterion, {@code fit} returns it without training.
   * The objects must be built as for the saved run (same architecture, optimizer rule, loader seed and
   * batch size, dropout seeds, schedule); their current state does not matter. A loader with another
   * shuffle seed, or a learning-rate schedule with another {@link LearningRateSchedule#description}, is
   * refused (checkpoints written before these were recorded skip that check).
   *
   * <p>{@code fit} throws if the file is missing or does not fit; it checks everything before changing
   * anything.
   *
   * @param file the training checkpoint to resume from
   * @return a trainer that resumes from {@code file}
   */
  public Trainer resumeFrom(Path file) {
    return resume(file, true, "resumeFrom");
  }

  /**
   * As {@link #resumeFrom}, but a missing {@code file} means a fresh start.
   *
   * @param file the training checkpoint to resume from when it exists
   * @return a trainer that resumes from {@code file} if present
   */
  public Trainer resumeIfPresent(Path file) {
    return resume(file, false, "resumeIfPresent");
  }

  private Trainer resume(Path file, boolean required, String op) {
    checkArgument(file != null, "%s: the file must not be null; got null", op);
    return new Trainer(plan.withCheckpointing(plan.checkpointing().withResume(file, required)));
  }

  /**
   * Trains on {@code data} until a stopping criterion fires.
   *
   * @param data the training batches of each epoch
   * @return the record of every epoch (including those restored from a checkpoint) and the stop reason
   * @throws IllegalArgumentException if no stopping criterion is set, the training set is empty, or
   *     {@code data} yields no batch (dropping its last partial batch when the batch size exceeds the
   *     data); nothing has changed then
   * @throws ArithmeticException at the first batch whose loss is NaN or infinite, before its backward
   *     pass and step: the model and optimizer are as the previous batch left them
   * @throws dev.chainrule.nn.io.SafeTensorsException if the checkpoint to resume from is invalid or does
   *     not match the model
   * @throws java.io.UncheckedIOException if a checkpoint cannot be read or written
   */
  public History fit(DataLoader data) {
    Optimizer optimizer = plan.optimizer();
    ReduceOnPlateau plateau = plan.plateau();
    checkArgument(!plan.stopping().isEmpty(), "fit: give at least one stopping criterion, e.g. StoppingCriterion.maxEpochs(10)");
    checkArgument(data.dataset().size() > 0, "fit: the training set is empty");
    checkArgument(
        data.batchCount() > 0,
        "Trainer.fit: the loader yields no batch, so no epoch would take a step (its last, partial batch is"
            + " dropped); got %s examples, batch size %s",
        data.dataset().size(), data.batchSize());
    checkArgument(
        plateau == null || plateau.learningRate() == optimizer.learningRate(),
        "fit: the plateau reduction starts at learning rate %s but the optimizer's is %s; create it with"
            + " ReduceOnPlateau.startingAt(optimizer.learningRate())", plateau == null ? 0 : plateau.learningRate(),
        optimizer.learningRate());
    ResumeState.Resumed resumed = ResumeState.resume(plan, data);
    List<EpochRecord> epochs = new ArrayList<>(resumed.history());
    EpochProgress partial = resumed.partial();
    long start = System.nanoTime()
        - (epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).elapsed().toNanos());
    if (!epochs.isEmpty() && partial == null) {
      Optional<String> reason = stopReason(Collections.unmodifiableList(epochs));
      if (reason.isPresent()) {
        return new History(epochs, reason.get());
      }
    }
    for (int epoch = epochs.size() + 1; ; epoch++) {
      if (plan.schedule() != null) {
        optimizer.setLearningRate(plan.schedule().learningRate(epoch - 1));
      }
      double rate = optimizer.learningRate();
      long epochStart = System.nanoTime();
      double trainLoss = trainEpoch(epoch, data, start, partial, epochs);
      partial = null;
      Dataset validation = plan.validation();
      Evaluation evaluation = validation != null ? evaluate(validation)
          : plan.metrics().isEmpty() ? null : evaluate(data.dataset());
      EpochRecord record = new EpochRecord(
          epoch, trainLoss, validation != null ? evaluation.loss() : Double.NaN,
          evaluation != null ? evaluation.metrics() : Map.of(), rate,
          Duration.ofNanos(System.nanoTime() - epochStart), Duration.ofNanos(System.nanoTime() - start));
      epochs.add(record);
      plan.listener().onEpochEnd(record);
      if (plateau != null) {
        optimizer.setLearningRate(plateau.observe(record.monitoredLoss()));
      }
      TrainingPlan.Checkpointing checkpointing = plan.checkpointing();
      if (checkpointing.everyEpochs() > 0 && epoch % checkpointing.everyEpochs() == 0) {
        TrainingCheckpoint.capture(plan.model(), optimizer, data, epoch, ResumeState.encode(epochs, plateau, null),
            ResumeState.settings(plan)).save(checkpointing.epochFile());
      }
      Optional<String> reason = stopReason(Collections.unmodifiableList(epochs));
      if (reason.isPresent()) {
        return new History(epochs, reason.get());
      }
    }
  }

  /** Where training stopped inside an epoch: batches done, and the running loss sum and example count. */
  record EpochProgress(int batches, double total, int examples) {}

  /**
   * One epoch of training; with {@code partial}, the rest of an epoch a checkpoint interrupted, skipping
   * the batches it had done. {@code epochs} (the completed ones) go into step checkpoints.
   */
  private double trainEpoch(int epoch, DataLoader data, long start, EpochProgress partial, List<EpochRecord> epochs) {
    double total = partial == null ? 0 : partial.total();
    int examples = partial == null ? 0 : partial.examples();
    int skip = partial == null ? 0 : partial.batches();
    TrainingPlan.Checkpointing checkpointing = plan.checkpointing();
    List<Buffer> buffers = List.copyOf(plan.model().namedBuffers().values());
    NdArray[] buffersBefore = new NdArray[buffers.size()];
    try (ModeScope train = Mode.train()) {
      for (Batch batch : data) {
        if (batch.index() < skip) {
          continue; // done before the checkpoint this run resumed from
        }
        plan.model().zeroGrad(); // nothing left over from earlier backward calls reaches this step
        for (int i = 0; i < buffers.size(); i++) {
          buffersBefore[i] = buffers.get(i).value(); // arrays are immutable: keeping the reference is a snapshot
        }
        Tensor value = plan.loss().apply(plan.model().forward(batch.features()), batch.targets());
        double v = value.item();
        if (!Double.isFinite(v)) {
          // The forward pass may have moved buffers such as batch-norm statistics; put them back, and stop
          // before backward and step so that the parameters and the optimizer's state stay as they were.
          for (int i = 0; i < buffers.size(); i++) {
            buffers.get(i).update(buffersBefore[i]);
          }
          throw new ArithmeticException(String.format(
              "Trainer.fit: the loss is %s at epoch %d, batch %d of %d; the model and optimizer are as they"
                  + " were before this batch",
              v, epoch, batch.index() + 1, data.batchCount()));
        }
        value.backward();
        plan.optimizer().step();
        total += exampleTotal(v, batch.size());
        examples += batch.size();
        if (checkpointing.everySteps() > 0 && plan.optimizer().stepCount() % checkpointing.everySteps() == 0) {
          EpochProgress progress = new EpochProgress(batch.index() + 1, total, examples);
          TrainingCheckpoint.capture(plan.model(), plan.optimizer(), data, epoch - 1,
                  ResumeState.encode(epochs, plan.plateau(), progress), ResumeState.settings(plan))
              .save(checkpointing.stepFile());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        plan.listener().onBatchEnd(epoch, batch.index(), data.batchCount(), v, elapsed);
        if (outOfTime(elapsed)) {
          break;
        }
      }
    }
    return total / Math.max(1, examples);
  }

  /** A batch loss as its contribution to the sum over examples, whatever the loss's reduction. */
  private double exampleTotal(double batchLoss, int batchSize) {
    return plan.loss().reduction() == Reduction.MEAN ? batchLoss * batchSize : batchLoss;
  }

  private boolean outOfTime(Duration elapsed) {
    return plan.stopping().stream().anyMatch(c -> c.interrupts(elapsed));
  }

  /** Why training stops after the last of {@code epochs} (a read-only view, as criteria see it), if it does. */
  private Optional<String> stopReason(List<EpochRecord> epochs) {
    EpochRecord last = epochs.get(epochs.size() - 1);
    if (!Double.isFinite(last.trainLoss())) {
      return Optional.of("the training loss is " + last.trainLoss() + "; lower the learning rate");
    }
    // the first criterion that fires, in the order given; the later ones are not asked
    return plan.stopping().stream().map(c -> c.check(epochs)).flatMap(Optional::stream).findFirst();
  }

  /**
   * The loss and metrics on {@code data}, in evaluation mode without recording a graph.
   *
   * @param data the examples to evaluate, not empty
   * @return the loss and each metric averaged over the examples
   */
  public Evaluation evaluate(Dataset data) {
    checkArgument(data.size() > 0, "evaluate: the dataset is empty");
    double total = 0;
    Map<String, Double> sums = new LinkedHashMap<>();
    try (ModeScope eval = Mode.eval(); GradScope off = Autodiff.noGrad()) {
      for (Batch batch : DataLoader.sequential(data, EVALUATION_BATCH)) {
        Tensor predictions = plan.model().forward(batch.features());
        total += exampleTotal(plan.loss().apply(predictions, batch.targets()).item(), batch.size());
        for (Metric m : plan.metrics()) {
          sums.merge(m.name(), m.compute(predictions, batch.targets()) * batch.size(), Double::sum);
        }
      }
    }
    sums.replaceAll((name, sum) -> sum / data.size());
    return new Evaluation(total / data.size(), sums);
  }
}
