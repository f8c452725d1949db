package dev.chainrule.nn.train;

import java.io.PrintStream;
import java.time.Duration;

/** Receives progress from a {@link Trainer}: after each batch and after each epoch. */
public interface TrainingListener {
  /**
   * Called after each training batch with that batch's loss.
   *
   * @param epoch the epoch, 1 for the first
   * @param batch the batch within the epoch, 0 for the first
   * @param batchCount the number of batches in an epoch
   * @param loss the batch's mean loss
   * @param elapsed time since training started
   */
  default void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {}

  /**
   * Called after each epoch with its record.
   *
   * @param record what the epoch measured
   */
  default void onEpochEnd(EpochRecord record) {}

  /**
   * Hears nothing.
   *
   * @return a listener that ignores every call
   */
  static TrainingListener silent() {
    return new TrainingListener() {};
  }

  /**
   * Prints one line per epoch, and on long epochs a batch progress line at most every
   * {@code batchInterval}.
   *
   * @param out where the lines go
   * @param batchInterval the least time between two batch lines
   * @return a listener printing to {@code out}
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

  /**
   * Live progress on standard output for batches of {@code batchSize} examples: on a terminal, a progress
   * bar per epoch with the batch, the loss and the examples per second; elsewhere (standard output is not
   * a console, or the environment variable {@code CI} is set) a plain line of the same every 5 seconds.
   * Each epoch's summary ({@link EpochRecord#toString()}) is printed on its own line.
   *
   * <p>The bar needs the optional dependency {@code me.tongfei:progressbar}; without it on the class path
   * the listener prints the plain lines on a terminal too.
   *
   * @param batchSize examples per batch, for the throughput
   * @return a new listener; it keeps the state of the bar, so give each training run its own
   */
  static TrainingListener progress(int batchSize) {
    return new ProgressListener(System.out, batchSize, ProgressListener.PLAIN_INTERVAL, ProgressListener.onTerminal(),
        OptionalLibrary::loadable);
  }
}
