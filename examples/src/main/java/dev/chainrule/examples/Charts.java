package dev.chainrule.examples;

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

/** PNG charts of curves other than a training {@code History} (see {@code History.writeChart}), drawn with XChart. */
final class Charts {
  private Charts() {}

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
