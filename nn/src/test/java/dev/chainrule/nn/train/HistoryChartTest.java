package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** History.writeChart: a valid PNG, losses and metrics on separate y axes, a clear error without XChart. */
class HistoryChartTest {
  @TempDir Path dir;

  @Test
  void writeChartWritesAPngOfTheChartsSize() throws IOException {
    Path png = HistoryCsvTest.sample().writeChart(dir.resolve("charts/run.png"), "a run");
    assertTrue(Files.isRegularFile(png));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(800, image.getWidth());
    assertEquals(500, image.getHeight());
  }

  @Test
  void lossesAndMetricsAreOnSeparateYAxes() {
    XYChart chart = HistoryChart.build(HistoryCsvTest.sample(), "a run");
    Map<String, XYSeries> series = chart.getSeriesMap();
    assertEquals(List.of("training loss", "validation loss", "top5", "accuracy"), List.copyOf(series.keySet()));
    assertEquals(HistoryChart.LOSS_AXIS, series.get("training loss").getYAxisGroup());
    assertEquals(HistoryChart.LOSS_AXIS, series.get("validation loss").getYAxisGroup());
    assertEquals(HistoryChart.METRIC_AXIS, series.get("accuracy").getYAxisGroup());
    assertEquals(Set.of(0, 1), axisGroups(chart));
    assertEquals("loss", chart.getYAxisGroupTitle(HistoryChart.LOSS_AXIS));
    assertEquals("metric", chart.getYAxisGroupTitle(HistoryChart.METRIC_AXIS));
    // the NaN validation loss of epoch 1 is left out rather than drawn
    assertEquals(1, series.get("validation loss").getXData().length);
  }

  @Test
  void withoutMetricsThereIsOneYAxis() {
    History history = new History(List.of(
        new EpochRecord(1, 1.0, Double.NaN, Map.of(), 0.1, Duration.ZERO, Duration.ZERO)), "done");
    XYChart chart = HistoryChart.build(history, "losses only");
    assertEquals(Set.of(HistoryChart.LOSS_AXIS), axisGroups(chart));
    assertEquals(List.of("training loss"), List.copyOf(chart.getSeriesMap().keySet()));
  }

  @Test
  void withoutXChartTheChartFailsNamingTheDependencyAndWritesNothing() {
    Path file = dir.resolve("run.png");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> HistoryCsvTest.sample().writeChart(file, "a run", name -> !name.startsWith("org.knowm.xchart.")));
    assertEquals("history chart: needs org.knowm.xchart:xchart 3.8.8 on the class path; got none", e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void anEmptyHistoryHasNoChart() {
    History empty = new History(List.of(), "never started");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> empty.writeChart(dir.resolve("run.png"), "nothing"));
    assertEquals("history chart: no epoch has completed; got 0 epochs", e.getMessage());
  }

  private static Set<Integer> axisGroups(XYChart chart) {
    Set<Integer> groups = new TreeSet<>();
    chart.getSeriesMap().values().forEach(s -> groups.add(s.getYAxisGroup()));
    return groups;
  }
}
