package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When to stop training, judged after each epoch from the history so far. The usual criteria: an error
 * threshold, validation performance that stops improving, diminishing returns, and limits on iterations
 * or time. Give several to a trainer; the first that fires
 * stops it.
 */
@FunctionalInterface
public interface StoppingCriterion {
  /**
   * A reason to stop now, or empty to go on; {@code epochs} (oldest first) is read-only.
   *
   * @param epochs the records of the epochs so far, at least one
   * @return why training stops, or empty to go on
   */
  Optional<String> check(List<EpochRecord> epochs);

  /**
   * Whether training should end in the middle of an epoch, {@code elapsed} after it started.
   *
   * @param elapsed time since training started
   * @return true to end training after the current batch
   */
  default boolean interrupts(Duration elapsed) {
    return false;
  }

  /**
   * Stops after {@code epochs} epochs.
   *
   * @param epochs the number of epochs to train, positive
   * @return the criterion
   */
  static StoppingCriterion maxEpochs(int epochs) {
    checkArgument(epochs > 0, "maxEpochs: must be positive; got %s", epochs);
    return h -> h.size() >= epochs ? Optional.of("reached " + epochs + " epochs") : Optional.empty();
  }

  /**
   * Stops once the training loss is below {@code threshold} (the error threshold).
   *
   * @param threshold the training loss to get below
   * @return the criterion
   */
  static StoppingCriterion lossBelow(double threshold) {
    return h -> {
      double loss = h.get(h.size() - 1).trainLoss();
      return loss < threshold ? Optional.of("loss " + loss + " below " + threshold) : Optional.empty();
    };
  }

  /**
   * Stops once training has run for {@code limit}, also in the middle of an epoch.
   *
   * @param limit the longest time to train
   * @return the criterion
   */
  static StoppingCriterion timeLimit(Duration limit) {
    return new StoppingCriterion() {
      @Override
      public Optional<String> check(List<EpochRecord> epochs) {
        return epochs.get(epochs.size() - 1).elapsed().compareTo(limit) >= 0
            ? Optional.of("time limit " + limit + " reached")
            : Optional.empty();
      }

      @Override
      public boolean interrupts(Duration elapsed) {
        return elapsed.compareTo(limit) >= 0;
      }
    };
  }

  /**
   * Early stopping: stops when the monitored loss (validation loss, or training loss without a
   * validation set) has not improved on its best by more than {@code minDelta} for {@code patience}
   * epochs. With the training loss this is the "diminishing returns" criterion.
   *
   * @param patience epochs without improvement before stopping, positive
   * @param minDelta the least decrease that counts as an improvement, not negative
   * @return the criterion
   */
  static StoppingCriterion noImprovement(int patience, double minDelta) {
    checkArgument(patience > 0 && minDelta >= 0,
        "noImprovement: need patience > 0 and minDelta >= 0; got %s and %s", (Object) patience, minDelta);
    return h -> {
      double best = Double.POSITIVE_INFINITY;
      int bestEpoch = 0;
      for (EpochRecord r : h) {
        if (r.monitoredLoss() < best - minDelta) {
          best = r.monitoredLoss();
          bestEpoch = r.epoch();
        }
      }
      int since = h.get(h.size() - 1).epoch() - bestEpoch;
      return since >= patience
          ? Optional.of("no improvement over " + best + " by more than " + minDelta + " for " + since + " epochs")
          : Optional.empty();
    };
  }
}
