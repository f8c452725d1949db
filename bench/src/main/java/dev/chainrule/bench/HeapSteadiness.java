package dev.chainrule.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Trains the peer suite's MLP ({@link MlpWorkload}) for 10,000 steps and prints the live heap after a
 * full collection every 1,000 steps: a flat series means a training loop keeps nothing from one step to
 * the next (no graph, gradient or buffer leak).
 *
 * <p>Usage: {@code HeapSteadiness [steps]}; prints {@code chainrule heap_live_mb step=… used=…} lines and
 * a final {@code growth_mb} line (last sample minus the first).
 */
public final class HeapSteadiness {
  private HeapSteadiness() {}

  /** Runs the steps and prints the series. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    MlpWorkload mlp = new MlpWorkload(42);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 1; step <= steps; step++) {
      mlp.step();
      if (step % 1000 == 0) {
        System.gc();
        last = memory.getHeapMemoryUsage().getUsed() / 1e6;
        if (Double.isNaN(first)) {
          first = last;
        }
        System.out.printf(Locale.ROOT, "chainrule heap_live_mb step=%d used=%.2f%n", step, last);
      }
    }
    System.out.printf(Locale.ROOT, "chainrule heap_live_mb growth_mb=%.2f over %d steps%n", last - first, steps);
  }
}
