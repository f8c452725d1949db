package dev.chainrule.nn.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link History} as CSV: a header row, then one row per epoch with its number, training loss,
 * validation loss, each metric, learning rate and seconds. Numbers are {@link Double#toString} (full
 * precision, locale-independent); NaN and absent values are empty cells.
 */
final class HistoryCsv {
  private HistoryCsv() {}

  /** The CSV text of {@code history}, lines ended by {@code \n}. */
  static String format(History history) {
    List<String> metrics = metricNames(history);
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("epoch", "train_loss", "validation_loss"));
    header.addAll(metrics);
    header.addAll(List.of("learning_rate", "seconds"));
    row(csv, header);
    for (EpochRecord r : history.epochs()) {
      List<String> cells = new ArrayList<>();
      cells.add(Integer.toString(r.epoch()));
      cells.add(number(r.trainLoss()));
      cells.add(number(r.validationLoss()));
      for (String metric : metrics) {
        Double value = r.metrics().get(metric);
        cells.add(value == null ? "" : number(value));
      }
      cells.add(number(r.learningRate()));
      cells.add(number(r.duration().toNanos() / 1e9));
      row(csv, cells);
    }
    return csv.toString();
  }

  /** Every metric of the history, in the order the epochs first name them. */
  static List<String> metricNames(History history) {
    Set<String> names = new LinkedHashSet<>();
    history.epochs().forEach(r -> names.addAll(r.metrics().keySet()));
    return List.copyOf(names);
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : Double.toString(value);
  }

  private static void row(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      csv.append(i == 0 ? "" : ",").append(quoted(cells.get(i)));
    }
    csv.append('\n');
  }

  /** {@code cell}, in double quotes (doubled inside) when it holds a comma, a quote or a line break. */
  static String quoted(String cell) {
    return cell.matches("(?s).*[,\"\r\n].*") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
