package dev.chainrule.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws matrix-product GFLOPS against n, one PNG per dtype, from benchmark output lines: Chainrule's
 * {@link MatmulSweep} lines, the peer suite's OpenBLAS lines ({@code openblas sgemm n=… threads=…
 * gflops_median=…}), and the 1024² forward+backward figures of Chainrule and PyTorch-via-DJL
 * ({@code … threads=N matmul1024_fwd_bwd_ms … gflops_at_median=…}), drawn as single points, and the
 * machine's measured FMA peak ({@code machine measured_peak_fp32_gflops_1t=… …}) as flat dashed lines
 * across the sizes, so that every curve reads as a fraction of what the cores can do.
 *
 * <p>Usage: {@code PerformancePlot results.txt outputDirectory}; writes {@code matmul-gflops-float32.png}
 * and {@code matmul-gflops-float64.png}.
 */
public final class PerformancePlot {
  private static final Pattern SWEEP =
      Pattern.compile("^chainrule gemm dtype=(\\w+) n=(\\d+) threads=(\\d+) gflops_median=([\\d.]+)");
  private static final Pattern OPENBLAS =
      Pattern.compile("^openblas (s|d)gemm n=(\\d+) threads=(\\d+) .*gflops_median=([\\d.]+)");
  private static final Pattern FORWARD_BACKWARD =
      Pattern.compile("^(chainrule|djl-pytorch) threads=(\\d+) matmul1024_fwd_bwd_ms .*gflops_at_median=([\\d.]+)");

  private static final Pattern PEAK = Pattern.compile("measured_peak_(fp32|fp64)_gflops_(\\d)t=([\\d.]+)");

  private PerformancePlot() {}

  /** Reads the results and writes the two charts. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("PerformancePlot: usage: PerformancePlot results.txt outputDirectory");
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    Path out = Files.createDirectories(Path.of(args[1]));
    for (String dtype : new String[] {"float32", "float64"}) {
      XYChart chart = chart(lines, dtype);
      Path file = out.resolve("matmul-gflops-" + dtype + ".png");
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      System.out.println("wrote " + file);
    }
  }

  static XYChart chart(List<String> lines, String dtype) {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    Map<String, List<double[]>> points = new LinkedHashMap<>();
    Map<String, Double> peaks = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher peak = PEAK.matcher(line);
      while (peak.find()) {
        if (peak.group(1).equals(dtype.equals("float32") ? "fp32" : "fp64")) {
          peaks.put("measured FMA peak, " + threads(peak.group(2)), Double.parseDouble(peak.group(3)));
        }
      }
      Matcher m = SWEEP.matcher(line);
      if (m.find() && m.group(1).equals(dtype)) {
        add(curves, "Chainrule, " + threads(m.group(3)), m.group(2), m.group(4));
      }
      m = OPENBLAS.matcher(line);
      if (m.find() && (m.group(1).equals("s") == dtype.equals("float32"))) {
        add(curves, "OpenBLAS " + m.group(1) + "gemm, " + threads(m.group(3)), m.group(2), m.group(4));
      }
      m = FORWARD_BACKWARD.matcher(line);
      if (m.find() && dtype.equals("float32")) {
        String who = m.group(1).equals("chainrule") ? "Chainrule" : "PyTorch (DJL)";
        add(points, who + " fwd+bwd 1024², " + threads(m.group(2)), "1024", m.group(3));
      }
    }
    XYChart chart = new XYChartBuilder().width(900).height(550)
        .title("Matrix product A·B, " + dtype + ": GFLOPS against n")
        .xAxisTitle("n (square matrices)").yAxisTitle("GFLOPS").build();
    chart.getStyler().setXAxisLogarithmic(true);
    curves.forEach((name, xy) -> addSeries(chart, name, xy).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line));
    points.forEach((name, xy) -> addSeries(chart, name, xy).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter));
    DoubleSummaryStatistics sizes = curves.values().stream().flatMap(List::stream).mapToDouble(p -> p[0])
        .summaryStatistics();
    double[] span = sizes.getCount() == 0 ? new double[] {64, 2048} : new double[] {sizes.getMin(), sizes.getMax()};
    peaks.forEach((name, gflops) -> {
      XYSeries line = chart.addSeries(name, span, new double[] {gflops, gflops});
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineStyle(SeriesLines.DASH_DASH);
      line.setLineColor(name.endsWith("1 thread") ? java.awt.Color.GRAY : java.awt.Color.BLACK);
    });
    return chart;
  }

  private static String threads(String count) {
    return count.equals("1") ? "1 thread" : count + " threads";
  }

  private static void add(Map<String, List<double[]>> series, String name, String x, String y) {
    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {Double.parseDouble(x), Double.parseDouble(y)});
  }

  /** Adds the average of repeated measurements at each x, sorted by x. */
  private static XYSeries addSeries(XYChart chart, String name, List<double[]> xy) {
    Map<Double, double[]> byX = new java.util.TreeMap<>();
    for (double[] p : xy) {
      double[] sumCount = byX.computeIfAbsent(p[0], k -> new double[2]);
      sumCount[0] += p[1];
      sumCount[1]++;
    }
    double[] xs = byX.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    double[] ys = byX.values().stream().mapToDouble(v -> v[0] / v[1]).toArray();
    if (xs.length == 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "PerformancePlot: series '%s' is empty", name));
    }
    return chart.addSeries(name, xs, ys);
  }
}
