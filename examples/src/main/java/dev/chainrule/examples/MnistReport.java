package dev.chainrule.examples;

import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.History;
import java.nio.file.Path;

/** The closing lines of the MNIST examples: final test accuracy, time per epoch, and a chart of the run. */
final class MnistReport {
  private MnistReport() {}

  /** Writes the loss and accuracy curves of {@code history} to {@code chart} (a PNG) and prints the summary. */
  static void print(History history, Path chart, String title) {
    Path png = history.writeChart(chart, title);
    double seconds = 0;
    for (EpochRecord r : history.epochs()) {
      seconds += r.duration().toMillis() / 1000.0;
    }
    int epochs = history.epochCount();
    System.out.printf("test accuracy %.2f %% after %d %s (%.1f s per epoch, including the test pass)%n",
        100 * history.last().metrics().get("accuracy"), epochs, epochs == 1 ? "epoch" : "epochs", seconds / epochs);
    System.out.println("chart of loss and test accuracy: " + png);
  }
}
