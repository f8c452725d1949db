package dev.chainrule.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Wall times of repeated runs of one workload, summarised the way the peer benchmark suite prints them:
 * median, 10th and 90th percentile, minimum and count (nearest-rank percentiles on the sorted times).
 */
final class Timings {
  private final double[] sorted;

  Timings(double[] times) {
    if (times.length == 0) {
      throw new IllegalArgumentException("timings: no times recorded");
    }
    sorted = times.clone();
    Arrays.sort(sorted);
  }

  /**
   * The median wall time, in milliseconds, of {@code runs} timed runs of {@code work} after it ran for
   * {@code warmUpSeconds}.
   */
  static double medianMillis(Runnable work, double warmUpSeconds, int runs) {
    long warm = System.nanoTime() + (long) (warmUpSeconds * 1e9);
    while (System.nanoTime() < warm) {
      work.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    return new Timings(ms).median();
  }

  /** The value below which a fraction {@code p} of the times lie (nearest rank). */
  double percentile(double p) {
    return sorted[(int) Math.round(p * (sorted.length - 1))];
  }

  double median() {
    return percentile(0.5);
  }

  /** {@code median=… p10=… p90=… min=… n=…}, as the peers print it. */
  String summary() {
    return String.format(
        Locale.ROOT, "median=%.4f p10=%.4f p90=%.4f min=%.4f n=%d",
        median(), percentile(0.1), percentile(0.9), sorted[0], sorted.length);
  }
}
