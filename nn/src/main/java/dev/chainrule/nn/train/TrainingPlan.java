package dev.chainrule.nn.train;

import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import java.util.List;

/**
 * Everything a {@link Trainer} is configured with, as one immutable value; each {@code with…} method
 * returns a copy with one component changed.
 *
 * <p>{@code validation}, {@code schedule} and {@code plateau} are null when not set; the record is
 * package-private so that null never reaches the public API.
 */
record TrainingPlan(
    Module model,
    Loss loss,
    Optimizer optimizer,
    List<StoppingCriterion> stopping,
    Dataset validation,
    List<Metric> metrics,
    LearningRateSchedule schedule,
    ReduceOnPlateau plateau,
    TrainingListener listener) {
  /** Copies the lists. */
  TrainingPlan {
    stopping = List.copyOf(stopping);
    metrics = List.copyOf(metrics);
  }

  /** No stopping criteria, validation, metrics, schedule or plateau reduction; a silent listener. */
  static TrainingPlan of(Module model, Loss loss, Optimizer optimizer) {
    return new TrainingPlan(model, loss, optimizer, List.of(), null, List.of(), null, null, TrainingListener.silent());
  }

  TrainingPlan withStopping(List<StoppingCriterion> criteria) {
    return new TrainingPlan(model, loss, optimizer, criteria, validation, metrics, schedule, plateau, listener);
  }

  TrainingPlan withValidation(Dataset data) {
    return new TrainingPlan(model, loss, optimizer, stopping, data, metrics, schedule, plateau, listener);
  }

  TrainingPlan withMetrics(List<Metric> reported) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, reported, schedule, plateau, listener);
  }

  TrainingPlan withSchedule(LearningRateSchedule rates) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, rates, plateau, listener);
  }

  TrainingPlan withPlateau(ReduceOnPlateau reduction) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, schedule, reduction, listener);
  }

  TrainingPlan withListener(TrainingListener progress) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, schedule, plateau, progress);
  }
}
