package dev.chainrule.nn.train;

import dev.chainrule.nn.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The per-epoch record of a training run and why it stopped.
 *
 * @param epochs one record per completed epoch
 * @param stopReason which criterion ended the run, e.g. {@code "loss 9.8e-05 below 0.0001"}
 */
public record History(List<EpochRecord> epochs, String stopReason) {
  /**
   * Copies the epochs.
   *
   * @param epochs one record per completed epoch
   * @param stopReason which criterion ended the run
   */
  public History {
    epochs = List.copyOf(epochs);
  }

  /**
   * The last epoch's record; fails for an empty history.
   *
   * @return the record of the last completed epoch
   * @throws IllegalStateException if no epoch has completed
   */
  public EpochRecord last() {
    if (epochs.isEmpty()) {
      throw new IllegalStateException("history: no epoch has completed");
    }
    return epochs.get(epochs.size() - 1);
  }

  /**
   * Number of completed epochs.
   *
   * @return the size of {@link #epochs()}
   */
  public int epochCount() {
    return epochs.size();
  }

  /**
   * Writes this history to {@code file} as CSV: a header row {@code epoch,train_loss,validation_loss,}
   * the metric names{@code ,learning_rate,seconds}, then one row per epoch. Numbers are written as {@link
   * Double#toString} gives them (full precision, independent of the locale); a NaN validation loss (no
   * validation set) is an empty cell. The file is replaced atomically and its parent directories created.
   *
   * @param file where to write, e.g. {@code output/run.csv}
   * @return the absolute, normalised path written
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path writeCsv(Path file) {
    return write(file, HistoryCsv.format(this).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a PNG chart of this history to {@code file}: training and validation loss against the left y
   * axis, each metric (e.g. accuracy) against the right one, by epoch. Needs the optional dependency
   * {@code org.knowm.xchart:xchart} on the class path; sets {@code java.awt.headless} to true unless it is
   * already set. The file is replaced atomically and its parent directories created.
   *
   * @param file where to write, e.g. {@code output/run.png}
   * @param title the chart's title
   * @return the absolute, normalised path written
   * @throws IllegalStateException if XChart is not on the class path, or no epoch has completed
   * @throws UncheckedIOException if the file cannot be written
   */
  public Path writeChart(Path file, String title) {
    return writeChart(file, title, OptionalLibrary::loadable);
  }

  /** As {@link #writeChart(Path, String)}, with XChart's presence decided by {@code loadable}. */
  Path writeChart(Path file, String title, Predicate<String> loadable) {
    if (!OptionalLibrary.XCHART.presentIn(loadable)) {
      throw OptionalLibrary.XCHART.missing("history chart");
    }
    if (epochs.isEmpty()) {
      throw new IllegalStateException("history chart: no epoch has completed; got 0 epochs");
    }
    return write(file, HistoryChart.png(HistoryChart.build(this, title)));
  }

  private static Path write(Path file, byte[] content) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("history: cannot create the directory of " + file + ": " + e, e);
    }
    AtomicFile.write(absolute, content);
    return absolute;
  }
}
