package dev.chainrule.nn.train;

import java.util.List;

/**
 * The per-epoch record of a training run and why it stopped.
 *
 * @param epochs one record per completed epoch
 * @param stopReason which criterion ended the run, e.g. {@code "loss 9.8e-05 below 0.0001"}
 */
public record History(List<EpochRecord> epochs, String stopReason) {
  /** Copies the epochs. */
  public History {
    epochs = List.copyOf(epochs);
  }

  /** The last epoch's record; fails for an empty history. */
  public EpochRecord last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("history: no epoch has completed");
    }
    return epochs.get(epochs.size() - 1);
  }

  /** Number of completed epochs. */
  public int epochCount() {
    return epochs.size();
  }
}
