package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.Batch;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 */
public final class Trainer {
  private static final int EVALUATION_BATCH = 1024;

  private final Module model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final List<StoppingCriterion> stopping;
  private final Dataset validation;
  private final List<Metric> metrics;
  private final LearningRateSchedule schedule;
  private final ReduceOnPlateau plateau;
  private final TrainingListener listener;

  private Trainer(Module model, Loss loss, Optimizer optimizer, List<StoppingCriterion> stopping, Dataset validation,
      List<Metric> metrics, LearningRateSchedule schedule, ReduceOnPlateau plateau, TrainingListener listener) {
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.stopping = List.copyOf(stopping);
    this.validation = validation;
    this.metrics = List.copyOf(metrics);
    this.schedule = schedule;
    this.plateau = plateau;
    this.listener = listener;
  }

  /** A trainer with no stopping criteria yet (add some with {@link #stopWhen}), silent. */
  public static Trainer create(Module model, Loss loss, Optimizer optimizer) {
    return new Trainer(model, loss, optimizer, List.of(), null, List.of(), null, null, TrainingListener.silent());
  }

  /** Adds stopping criteria; training stops at the first that fires. */
  public Trainer stopWhen(StoppingCriterion... criteria) {
    List<StoppingCriterion> all = new ArrayList<>(stopping);
    all.addAll(List.of(criteria));
    return new Trainer(model, loss, optimizer, all, validation, metrics, schedule, plateau, listener);
  }

  /** Evaluates loss and metrics on {@code data} after each epoch; early stopping then watches it. */
  public Trainer validateOn(Dataset data) {
    return new Trainer(model, loss, optimizer, stopping, data, metrics, schedule, plateau, listener);
  }

  /** Metrics reported per epoch; their names must differ. */
  public Trainer withMetrics(Metric... reported) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Metric m : reported) {
      checkArgument(names.add(m.name()), "withMetrics: two metrics are named %s; each needs its own name", m.name());
    }
    return new Trainer(model, loss, optimizer, stopping, validation, List.of(reported), schedule, plateau, listener);
  }

  /** Sets the learning rate at the start of each epoch from {@code rates}. */
  public Trainer withSchedule(LearningRateSchedule rates) {
    checkArgument(plateau == null, "withSchedule: this trainer already reduces on plateaus; use one or the other");
    return new Trainer(model, loss, optimizer, stopping, validation, metrics, rates, plateau, listener);
  }

  /** Lowers the learning rate when the monitored loss stops improving. */
  public Trainer withPlateauReduction(ReduceOnPlateau reduction) {
    checkArgument(schedule == null, "withPlateauReduction: this trainer already has a schedule; use one or the other");
    return new Trainer(model, loss, optimizer, stopping, validation, metrics, schedule, reduction, listener);
  }

  /** Reports progress to {@code progress}. */
  public Trainer withListener(TrainingListener progress) {
    return new Trainer(model, loss, optimizer, stopping, validation, metrics, schedule, plateau, progress);
  }

  /** Trains on {@code data} until a stopping criterion fires (or the loss stops being finite). */
  public History fit(DataLoader data) {
    checkArgument(!stopping.isEmpty(), "fit: give at least one stopping criterion, e.g. StoppingCriterion.maxEpochs(10)");
    checkArgument(data.dataset().size() > 0, "fit: the training set is empty");
    checkArgument(
        plateau == null || plateau.learningRate() == optimizer.learningRate(),
        "fit: the plateau reduction starts at learning rate %s but the optimizer's is %s; create it with"
            + " ReduceOnPlateau.startingAt(optimizer.learningRate())", plateau == null ? 0 : plateau.learningRate(),
        optimizer.learningRate());
    long start = System.nanoTime();
    List<EpochRecord> epochs = new ArrayList<>();
    for (int epoch = 1; ; epoch++) {
      if (schedule != null) {
        optimizer.setLearningRate(schedule.learningRate(epoch - 1));
      }
      double rate = optimizer.learningRate();
      long epochStart = System.nanoTime();
      double trainLoss = trainEpoch(epoch, data, start);
      Evaluation evaluation = validation != null ? evaluate(validation)
          : metrics.isEmpty() ? null : evaluate(data.dataset());
      EpochRecord record = new EpochRecord(
          epoch, trainLoss, validation != null ? evaluation.loss() : Double.NaN,
          evaluation != null ? evaluation.metrics() : Map.of(), rate,
          Duration.ofNanos(System.nanoTime() - epochStart), Duration.ofNanos(System.nanoTime() - start));
      epochs.add(record);
      listener.onEpochEnd(record);
      if (plateau != null) {
        optimizer.setLearningRate(plateau.observe(record.monitoredLoss()));
      }
      Optional<String> reason = stopReason(epochs);
      if (reason.isPresent()) {
        return new History(epochs, reason.get());
      }
    }
  }

  private double trainEpoch(int epoch, DataLoader data, long start) {
    double total = 0;
    int examples = 0;
    try (ModeScope train = Mode.train()) {
      for (Batch batch : data) {
        model.zeroGrad(); // nothing left over from earlier backward calls reaches this step
        Tensor value = loss.apply(model.forward(batch.features()), batch.targets());
        value.backward();
        optimizer.step();
        double v = value.item();
        total += exampleTotal(v, batch.size());
        examples += batch.size();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        listener.onBatchEnd(epoch, batch.index(), data.batchCount(), v, elapsed);
        if (outOfTime(elapsed)) {
          break;
        }
      }
    }
    return total / Math.max(1, examples);
  }

  /** A batch loss as its contribution to the sum over examples, whatever the loss's reduction. */
  private double exampleTotal(double batchLoss, int batchSize) {
    return loss.reduction() == Reduction.MEAN ? batchLoss * batchSize : batchLoss;
  }

  private boolean outOfTime(Duration elapsed) {
    for (StoppingCriterion c : stopping) {
      if (c.interrupts(elapsed)) {
        return true;
      }
    }
    return false;
  }

  private Optional<String> stopReason(List<EpochRecord> epochs) {
    EpochRecord last = epochs.get(epochs.size() - 1);
    if (!Double.isFinite(last.trainLoss())) {
      return Optional.of("the training loss is " + last.trainLoss() + "; lower the learning rate");
    }
    for (StoppingCriterion c : stopping) {
      Optional<String> reason = c.check(epochs);
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  /** The loss and metrics on {@code data}, in evaluation mode without recording a graph. */
  public Evaluation evaluate(Dataset data) {
    checkArgument(data.size() > 0, "evaluate: the dataset is empty");
    double total = 0;
    Map<String, Double> sums = new LinkedHashMap<>();
    try (ModeScope eval = Mode.eval(); GradScope off = Autodiff.noGrad()) {
      for (Batch batch : DataLoader.sequential(data, EVALUATION_BATCH)) {
        Tensor predictions = model.forward(batch.features());
        total += exampleTotal(loss.apply(predictions, batch.targets()).item(), batch.size());
        for (Metric m : metrics) {
          sums.merge(m.name(), m.compute(predictions, batch.targets()) * batch.size(), Double::sum);
        }
      }
    }
    sums.replaceAll((name, sum) -> sum / data.size());
    return new Evaluation(total / data.size(), sums);
  }
}
