package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Live progress of a {@link Trainer}: a progress bar per epoch on a terminal, a plain line at most every
 * {@code interval} elsewhere, and each epoch's summary line. Built by {@link TrainingListener#progress}.
 */
final class ProgressListener implements TrainingListener {
  /** Time between two plain progress lines. */
  static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

  private final PrintStream out;
  private final int batchSize;
  private final Duration interval;
  private final boolean bar;
  private final Throughput throughput = new Throughput();
  private TerminalBar epochBar;
  private long lastLine = System.nanoTime();

  /**
   * A listener printing to {@code out}; it draws a bar only when {@code terminal} and the progressbar
   * library is {@code loadable}.
   */
  ProgressListener(PrintStream out, int batchSize, Duration interval, boolean terminal, Predicate<String> loadable) {
    checkArgument(batchSize > 0, "progress: the batch size must be positive; got %s", batchSize);
    checkArgument(!interval.isNegative(), "progress: the line interval must not be negative; got %s", interval);
    this.out = out;
    this.batchSize = batchSize;
    this.interval = interval;
    this.bar = terminal && OptionalLibrary.PROGRESSBAR.presentIn(loadable);
  }

  /**
   * Whether standard output is an interactive terminal: a console is attached and {@code CI} is unset
   * (CI logs are not terminals, even where newer JDKs report a console for them).
   */
  static boolean onTerminal() {
    return System.console() != null && System.getenv("CI") == null;
  }

  /** Whether this listener draws a progress bar rather than plain lines. */
  boolean drawsBar() {
    return bar;
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
    double perSecond = throughput.examplesPerSecond(epoch, batch, batchSize, elapsed);
    String rate = Double.isNaN(perSecond) ? "" : String.format(Locale.ROOT, ", %,.0f examples/s", perSecond);
    if (bar) {
      if (epochBar == null) {
        epochBar = TerminalBar.start("epoch " + epoch, batchCount);
      }
      epochBar.update(batch + 1L, String.format(Locale.ROOT, "loss %.4f", loss) + rate);
      return;
    }
    long now = System.nanoTime();
    if (now - lastLine >= interval.toNanos()) {
      lastLine = now;
      out.printf(Locale.ROOT, "  epoch %d, batch %d/%d, loss %.4g%s%n", epoch, batch + 1, batchCount, loss, rate);
    }
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    if (epochBar != null) {
      epochBar.close();
      epochBar = null;
    }
    throughput.epochEnded(record);
    lastLine = System.nanoTime();
    out.println(record);
  }

  /**
   * Examples per second within the current epoch, measured from the end of the previous epoch or, for the
   * first epoch this listener sees (a fresh run or a resumed one), from its first batch.
   */
  private static final class Throughput {
    private int epoch;
    private int batch;
    private Duration elapsed = Duration.ZERO;

    void epochEnded(EpochRecord record) {
      epoch = record.epoch() + 1;
      batch = 0;
      elapsed = record.elapsed();
    }

    /** The rate after {@code batch} (from 0) ends, or NaN when there is nothing to measure from yet. */
    double examplesPerSecond(int currentEpoch, int currentBatch, int batchSize, Duration now) {
      if (currentEpoch != epoch) {
        epoch = currentEpoch;
        batch = currentBatch + 1;
        elapsed = now;
        return Double.NaN;
      }
      double seconds = now.minus(elapsed).toNanos() / 1e9;
      int batches = currentBatch + 1 - batch;
      return seconds > 0 && batches > 0 ? (double) batches * batchSize / seconds : Double.NaN;
    }
  }
}
