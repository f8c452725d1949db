package dev.chainrule.nn.train;

import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import java.nio.file.Path;
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
    TrainingListener listener,
    Checkpointing checkpointing) {
  /**
   * Where and how often to save training checkpoints, and where to resume from.
   *
   * @param everyEpochs save after every {@code everyEpochs}-th epoch; 0 for never
   * @param epochFile where to save those; null when {@code everyEpochs} is 0
   * @param everySteps save after every optimizer step whose step count is a multiple of it; 0 for never
   * @param stepFile where to save those; null when {@code everySteps} is 0
   * @param resume the checkpoint to resume from; null for a fresh start
   * @param resumeRequired whether a missing {@code resume} file is an error (else training starts fresh)
   */
  record Checkpointing(int everyEpochs, Path epochFile, int everySteps, Path stepFile, Path resume, boolean resumeRequired) {
    static final Checkpointing NONE = new Checkpointing(0, null, 0, null, null, false);

    Checkpointing withEpochs(int every, Path file) {
      return new Checkpointing(every, file, everySteps, stepFile, resume, resumeRequired);
    }

    Checkpointing withSteps(int every, Path file) {
      return new Checkpointing(everyEpochs, epochFile, every, file, resume, resumeRequired);
    }

    Checkpointing withResume(Path file, boolean required) {
      return new Checkpointing(everyEpochs, epochFile, everySteps, stepFile, file, required);
    }
  }

  /** Copies the lists. */
  TrainingPlan {
    stopping = List.copyOf(stopping);
    metrics = List.copyOf(metrics);
  }

  /** No stopping criteria, validation, metrics, schedule or plateau reduction; a silent listener. */
  static TrainingPlan of(Module model, Loss loss, Optimizer optimizer) {
    return new TrainingPlan(model, loss, optimizer, List.of(), null, List.of(), null, null, TrainingListener.silent(),
        Checkpointing.NONE);
  }

  TrainingPlan withStopping(List<StoppingCriterion> criteria) {
    return new TrainingPlan(model, loss, optimizer, criteria, validation, metrics, schedule, plateau, listener, checkpointing);
  }

  TrainingPlan withValidation(Dataset data) {
    return new TrainingPlan(model, loss, optimizer, stopping, data, metrics, schedule, plateau, listener, checkpointing);
  }

  TrainingPlan withMetrics(List<Metric> reported) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, reported, schedule, plateau, listener, checkpointing);
  }

  TrainingPlan withSchedule(LearningRateSchedule rates) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, rates, plateau, listener, checkpointing);
  }

  TrainingPlan withPlateau(ReduceOnPlateau reduction) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, schedule, reduction, listener, checkpointing);
  }

  TrainingPlan withListener(TrainingListener progress) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, schedule, plateau, progress, checkpointing);
  }

  TrainingPlan withCheckpointing(Checkpointing c) {
    return new TrainingPlan(model, loss, optimizer, stopping, validation, metrics, schedule, plateau, listener, c);
  }
}
