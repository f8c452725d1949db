package dev.chainrule.nn.train;

import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.Map;

/**
 * What one epoch of training measured.
 *
 * @param epoch 1 for the first epoch
 * @param trainLoss the training loss averaged over the epoch's examples
 * @param validationLoss the loss on the validation set, NaN when there is none
 * @param metrics each metric on the validation set (or the training set when there is none), in the
 *     order the trainer was given them
 * @param learningRate the learning rate used in this epoch
 * @param duration time spent on this epoch
 * @param elapsed time since training started
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double validationLoss,
    Map<String, Double> metrics,
    double learningRate,
    Duration duration,
    Duration elapsed) {
  /**
   * Copies the metrics into an immutable map of the same order.
   *
   * @param epoch 1 for the first epoch
   * @param trainLoss the training loss averaged over the epoch's examples
   * @param validationLoss the loss on the validation set, NaN when there is none
   * @param metrics each metric, in the order the trainer was given them
   * @param learningRate the learning rate used in this epoch
   * @param duration time spent on this epoch
   * @param elapsed time since training started
   */
  public EpochRecord {
    metrics = ImmutableMap.copyOf(metrics);
  }

  /**
   * The validation loss when there is one, else the training loss: what early stopping watches.
   *
   * @return {@link #validationLoss()}, or {@link #trainLoss()} when that is NaN
   */
  public double monitoredLoss() {
    return Double.isNaN(validationLoss) ? trainLoss : validationLoss;
  }

  /** One progress line, e.g. {@code epoch 3: loss 0.1234, val 0.1301, accuracy 0.9612 (1.2 s)}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(String.format("epoch %d: loss %.6g", epoch, trainLoss));
    if (!Double.isNaN(validationLoss)) {
      out.append(String.format(", val %.6g", validationLoss));
    }
    metrics.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.append(String.format(", %s %.4f", e.getKey(), e.getValue())));
    return out.append(String.format(" (%.1f s)", duration.toMillis() / 1000.0)).toString();
  }
}
