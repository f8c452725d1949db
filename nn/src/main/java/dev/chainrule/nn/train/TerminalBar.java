package dev.chainrule.nn.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One epoch's progress bar on the terminal, drawn by me.tongfei:progressbar. The only class that names
 * the library, so that nn loads it only when a bar is drawn.
 */
final class TerminalBar implements AutoCloseable {
  private final ProgressBar bar;

  private TerminalBar(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar named {@code task} that is full at {@code max} steps, redrawn five times a second. */
  static TerminalBar start(String task, long max) {
    return new TerminalBar(new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build());
  }

  /** Moves the bar to {@code steps} done and shows {@code message} after it. */
  void update(long steps, String message) {
    bar.setExtraMessage(message);
    bar.stepTo(steps);
  }

  /** Draws the bar a last time and leaves the line. */
  @Override
  public void close() {
    bar.close();
  }
}
