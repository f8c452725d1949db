package dev.chainrule.examples;

import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** PNG charts of training runs for the examples, drawn with XChart (headless). */
final class Charts {
  private Charts() {}

  /** Writes the per-epoch training loss (and validation loss and metrics, when present) as a PNG. */
  static Path saveHistory(History history, String title, Path file) {
    System.setProperty("java.awt.headless", "true");
    List<Integer> epochs = new ArrayList<>();
    List<Double> train = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    for (EpochRecord r : history.epochs()) {
      epochs.add(r.epoch());
      train.add(r.trainLoss());
      validation.add(r.validationLoss());
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle("value").build();
    chart.addSeries("training loss", epochs, train);
    if (!validation.isEmpty() && !Double.isNaN(validation.get(0))) {
      chart.addSeries("validation loss", epochs, validation);
    }
    if (!history.epochs().isEmpty()) {
      for (String metric : history.epochs().get(0).metrics().keySet()) {
        List<Double> values = new ArrayList<>();
        for (EpochRecord r : history.epochs()) {
          values.add(r.metrics().get(metric));
        }
        chart.addSeries(metric, epochs, values);
      }
    }
    return save(chart, file);
  }

  /** Writes one series of values against their index (e.g. an error curve) as a PNG. */
  static Path saveCurve(List<Double> values, String title, String yAxis, boolean logScale, Path file) {
    System.setProperty("java.awt.headless", "true");
    List<Integer> steps = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      steps.add(i + 1);
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step").yAxisTitle(yAxis).build();
    chart.getStyler().setYAxisLogarithmic(logScale);
    chart.addSeries(yAxis, steps, values);
    return save(chart, file);
  }

  /** Writes named series of values against their step 1, 2, … as one PNG, e.g. loss curves beside a constant baseline. */
  static Path saveSeries(Map<String, List<Double>> series, String title, String xAxis, String yAxis, Path file) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
    series.forEach((name, values) -> {
      List<Integer> steps = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        steps.add(i + 1);
      }
      chart.addSeries(name, steps, values);
    });
    return save(chart, file);
  }

  private static Path save(XYChart chart, Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      return file.toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new UncheckedIOException("charts: cannot write " + file, e);
    }
  }
}
