package dev.chainrule.nn.optim;

/**
 * A schedule with a stable {@link LearningRateSchedule#description description}, for the factories of
 * {@link LearningRateSchedule}: a lambda's own {@code toString} changes from run to run.
 */
final class DescribedSchedule implements LearningRateSchedule {
  private final String description;
  private final LearningRateSchedule rates;

  DescribedSchedule(String description, LearningRateSchedule rates) {
    this.description = description;
    this.rates = rates;
  }

  @Override
  public double learningRate(int epoch) {
    return rates.learningRate(epoch);
  }

  @Override
  public String description() {
    return description;
  }

  /** Returns the description. */
  @Override
  public String toString() {
    return description;
  }
}
