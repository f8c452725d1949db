package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The learning rate for each epoch, counting from 0.
 *
 * <p>Set it on the optimizer at the start of each epoch:
 * {@code optimizer.setLearningRate(schedule.learningRate(epoch))}. Any lambda is a schedule; the
 * factories below cover the common ones, and reject negative epochs.
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /**
   * The learning rate for {@code epoch} (0 is the first).
   *
   * @param epoch the epoch, non-negative
   * @return the learning rate
   */
  double learningRate(int epoch);

  /**
   * A description of this schedule that is the same in every run, e.g.
   * {@code step(learningRate=0.1, stepSize=2, gamma=0.5)}: training checkpoints store it, and a resumed
   * {@code Trainer} refuses a schedule whose description differs from the saved one. The factories below
   * describe their arguments; any other schedule is {@code "custom"} unless it overrides this method, so
   * two custom schedules are not told apart.
   *
   * @return the description, stable across runs
   */
  default String description() {
    return "custom";
  }

  /**
   * The same rate every epoch.
   *
   * @param learningRate the rate, positive
   * @return the schedule
   */
  static LearningRateSchedule constant(double learningRate) {
    Checks.positive("constant schedule", "learningRate", learningRate);
    return new DescribedSchedule("constant(learningRate=" + learningRate + ")", epoch -> {
      checkEpoch("constant schedule", epoch);
      return learningRate;
    });
  }

  /**
   * {@code lr·γ^⌊epoch / stepSize⌋}: multiplied by γ every {@code stepSize} epochs.
   *
   * <p>{@code step(0.1, 2, 0.5)} → 0.1, 0.1, 0.05, 0.05, 0.025, …
   *
   * @param learningRate the rate at epoch 0, positive
   * @param stepSize the number of epochs between decays, positive
   * @param gamma the factor applied at each decay
   * @return the schedule
   */
  static LearningRateSchedule step(double learningRate, int stepSize, double gamma) {
    Checks.positive("step schedule", "learningRate", learningRate);
    checkArgument(stepSize > 0, "step schedule: stepSize must be positive; got %s", stepSize);
    Checks.positive("step schedule", "gamma", gamma);
    String description = "step(learningRate=" + learningRate + ", stepSize=" + stepSize + ", gamma=" + gamma + ")";
    return new DescribedSchedule(description, epoch -> {
      checkEpoch("step schedule", epoch);
      return learningRate * Math.pow(gamma, epoch / stepSize);
    });
  }

  /**
   * {@code lr·γ^epoch}.
   *
   * @param learningRate the rate at epoch 0, positive
   * @param gamma the factor applied every epoch
   * @return the schedule
   */
  static LearningRateSchedule exponential(double learningRate, double gamma) {
    Checks.positive("exponential schedule", "learningRate", learningRate);
    Checks.positive("exponential schedule", "gamma", gamma);
    return new DescribedSchedule("exponential(learningRate=" + learningRate + ", gamma=" + gamma + ")", epoch -> {
      checkEpoch("exponential schedule", epoch);
      return learningRate * Math.pow(gamma, epoch);
    });
  }

  /**
   * Cosine annealing from {@code lr} at epoch 0 to {@code minLr} at {@code totalEpochs}, and
   * {@code minLr} after: {@code minLr + (lr − minLr)·(1 + cos(π·min(epoch, T)/T))/2}. Loshchilov &amp;
   * Hutter (2017), "SGDR: Stochastic Gradient Descent with Warm Restarts", eq. 5, without restarts.
   *
   * @param learningRate the rate at epoch 0, positive
   * @param minLr the rate from {@code totalEpochs} on, in {@code [0, learningRate]}
   * @param totalEpochs the length {@code T} of the annealing, positive
   * @return the schedule
   */
  static LearningRateSchedule cosine(double learningRate, double minLr, int totalEpochs) {
    Checks.positive("cosine schedule", "learningRate", learningRate);
    checkArgument(
        minLr >= 0 && minLr <= learningRate,
        "cosine schedule: minLr must be in [0, learningRate]; got %s with learningRate %s", minLr, learningRate);
    checkArgument(totalEpochs > 0, "cosine schedule: totalEpochs must be positive; got %s", totalEpochs);
    String description =
        "cosine(learningRate=" + learningRate + ", minLr=" + minLr + ", totalEpochs=" + totalEpochs + ")";
    return new DescribedSchedule(description, epoch -> {
      checkEpoch("cosine schedule", epoch);
      double progress = Math.min(epoch, totalEpochs) / (double) totalEpochs;
      return minLr + (learningRate - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
    });
  }

  /**
   * A linear ramp over the first {@code warmupEpochs} epochs up to {@code after}'s first rate, then
   * {@code after} shifted by the warmup: epoch {@code e < w} gets {@code after(0)·(e + 1)/(w + 1)} and
   * epoch {@code e ≥ w} gets {@code after(e − w)}.
   *
   * <p>{@code linearWarmup(3, constant(0.1))} → 0.025, 0.05, 0.075, 0.1, 0.1, …; no epoch gets a zero
   * rate. With {@code warmupEpochs} 0 this is {@code after}.
   *
   * @param warmupEpochs the length {@code w} of the ramp, non-negative
   * @param after the schedule that follows the ramp
   * @return the schedule
   */
  static LearningRateSchedule linearWarmup(int warmupEpochs, LearningRateSchedule after) {
    checkArgument(warmupEpochs >= 0, "linear warmup: warmupEpochs must be non-negative; got %s", warmupEpochs);
    String description = "linearWarmup(warmupEpochs=" + warmupEpochs + ", after=" + after.description() + ")";
    return new DescribedSchedule(description, epoch -> {
      checkEpoch("linear warmup", epoch);
      if (epoch >= warmupEpochs) {
        return after.learningRate(epoch - warmupEpochs);
      }
      return after.learningRate(0) * (epoch + 1) / (warmupEpochs + 1);
    });
  }

  private static void checkEpoch(String schedule, int epoch) {
    checkArgument(epoch >= 0, "%s: epoch must be non-negative; got %s", schedule, epoch);
  }
}
