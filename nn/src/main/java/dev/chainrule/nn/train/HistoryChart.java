package dev.chainrule.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A {@link History} as an XChart line chart: the losses against the left y axis, the metrics against the
 * right one. The only class naming XChart, so that nn loads it only when a chart is drawn.
 */
final class HistoryChart {
  /** Y-axis group of the losses (left). */
  static final int LOSS_AXIS = 0;

  /** Y-axis group of the metrics (right). */
  static final int METRIC_AXIS = 1;

  private HistoryChart() {}

  /** The chart of {@code history} (at least one epoch), 800 by 500 pixels, titled {@code title}. */
  static XYChart build(History history, String title) {
    headless();
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").build();
    chart.setYAxisGroupTitle(LOSS_AXIS, "loss");
    add(chart, history, "training loss", EpochRecord::trainLoss, LOSS_AXIS);
    add(chart, history, "validation loss", EpochRecord::validationLoss, LOSS_AXIS);
    List<String> metrics = HistoryCsv.metricNames(history);
    for (String metric : metrics) {
      add(chart, history, metric, r -> r.metrics().getOrDefault(metric, Double.NaN), METRIC_AXIS);
    }
    if (!metrics.isEmpty()) {
      chart.setYAxisGroupTitle(METRIC_AXIS, metrics.size() == 1 ? metrics.get(0) : "metric");
      chart.getStyler().setYAxisGroupPosition(METRIC_AXIS, Styler.YAxisPosition.Right);
    }
    return chart;
  }

  /** The PNG bytes of {@code chart}. */
  static byte[] png(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("history chart: cannot encode the PNG: " + e, e);
    }
  }

  /** Adds the epochs where {@code value} is finite as one series; none when it never is. */
  private static void add(XYChart chart, History history, String name, ToDoubleFunction<EpochRecord> value,
      int axis) {
    List<Integer> epochs = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (EpochRecord r : history.epochs()) {
      double v = value.applyAsDouble(r);
      if (Double.isFinite(v)) {
        epochs.add(r.epoch());
        values.add(v);
      }
    }
    if (!values.isEmpty()) {
      chart.addSeries(name, epochs, values).setYAxisGroup(axis);
    }
  }

  /** Draws without a display, unless the application has chosen otherwise. */
  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }
}
