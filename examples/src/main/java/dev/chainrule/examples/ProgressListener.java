package dev.chainrule.examples;

import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.TrainingListener;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Live training progress for the examples: on a terminal, a progress bar per epoch showing the batch, the
 * loss and the throughput; without one (CI, a pipe), a plain line every few seconds. Each epoch's
 * summary is printed on its own line.
 */
final class ProgressListener implements TrainingListener {
  private final PrintStream out;
  private final int batchSize;
  private final boolean terminal;
  private final TrainingListener plain;
  private ProgressBar bar;
  private long epochStart;

  private ProgressListener(PrintStream out, int batchSize, boolean terminal) {
    this.out = out;
    this.batchSize = batchSize;
    this.terminal = terminal;
    this.plain = TrainingListener.console(out, Duration.ofSeconds(5));
  }

  /** Progress for batches of {@code batchSize} examples, printed to standard output. */
  static ProgressListener forBatches(int batchSize) {
    // CI logs are not terminals, even where newer JDKs report a console for them
    return new ProgressListener(System.out, batchSize, System.console() != null && System.getenv("CI") == null);
  }

  @Override
  public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
    if (!terminal) {
      plain.onBatchEnd(epoch, batch, batchCount, loss, elapsed);
      return;
    }
    if (bar == null) {
      epochStart = System.nanoTime();
      bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(batchCount)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - epochStart) / 1e9);
    bar.stepTo(batch + 1L);
    bar.setExtraMessage(String.format("loss %.4f, %,.0f examples/s", loss, (batch + 1) * batchSize / seconds));
  }

  @Override
  public void onEpochEnd(EpochRecord record) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    out.println(record);
  }
}
