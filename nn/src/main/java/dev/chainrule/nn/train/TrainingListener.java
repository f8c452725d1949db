package dev.chainrule.nn.train;

import java.io.PrintStream;
import java.time.Duration;

/** Receives progress from a {@link Trainer}: after each batch and after each epoch. */
public interface TrainingListener {
  /** Called after each training batch with that batch's loss. */
  default void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {}

  /** Called after each epoch with its record. */
  default void onEpochEnd(EpochRecord record) {}

  /** Hears nothing. */
  static TrainingListener silent() {
    return new TrainingListener() {};
  }

  /**
   * Prints one line per epoch, and on long epochs a batch progress line at most every
   * {@code batchInterval}.
   */
  static TrainingListener console(PrintStream out, Duration batchInterval) {
    return new TrainingListener() {
      private long lastPrint = System.nanoTime();

      @Override
      public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
        long now = System.nanoTime();
        if (now - lastPrint >= batchInterval.toNanos()) {
          lastPrint = now;
          out.printf("  epoch %d, batch %d/%d, loss %.4g%n", epoch, batch + 1, batchCount, loss);
        }
      }

      @Override
      public void onEpochEnd(EpochRecord record) {
        lastPrint = System.nanoTime();
        out.println(record);
      }
    };
  }
}
