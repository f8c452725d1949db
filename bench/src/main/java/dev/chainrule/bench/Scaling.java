package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import java.util.Locale;

/**
 * How cost grows with size, beyond the matrix product's n (see {@link MatmulSweep}): the scalar chain's
 * time per op for graphs of 10 to 100,000 nodes, and the MLP training step's time for batches of 1 to
 * 1,024 rows (and so per row). Prints {@code chainrule scaling chain_length=… us_per_op=…} and
 * {@code chainrule scaling mlp_batch=… ms_per_step=… us_per_row=…} lines, medians of timed runs after
 * warm-up. Threads: {@code -Dchainrule.threads=N}.
 */
public final class Scaling {
  private Scaling() {}

  /** Runs both series. */
  public static void main(String[] args) {
    for (int length : new int[] {10, 100, 1_000, 10_000, 100_000}) {
      int runs = Math.max(20, 2_000_000 / length);
      double[] us = new double[runs];
      for (int run = -runs; run < runs; run++) {
        long start = System.nanoTime();
        chain(length);
        if (run >= 0) {
          us[run] = (System.nanoTime() - start) / 1e3 / length;
        }
      }
      System.out.printf(Locale.ROOT, "chainrule scaling chain_length=%d us_per_op=%.4f%n", length, new Timings(us).median());
    }
    for (int batch : new int[] {1, 16, 64, 256, 1024}) {
      MlpWorkload mlp = new MlpWorkload(42, batch);
      int steps = Math.max(30, 300 * 64 / batch);
      double[] ms = new double[steps];
      for (int step = -steps; step < steps; step++) {
        long start = System.nanoTime();
        mlp.step();
        if (step >= 0) {
          ms[step] = (System.nanoTime() - start) / 1e6;
        }
      }
      double median = new Timings(ms).median();
      System.out.printf(Locale.ROOT, "chainrule scaling mlp_batch=%d ms_per_step=%.4f us_per_row=%.3f%n",
          batch, median, median * 1e3 / batch);
    }
  }

  private static void chain(int length) {
    Tensor x = Tensor.scalar(1.0, DType.FLOAT32).requiresGrad();
    Tensor a = Tensor.scalar(1.0001, DType.FLOAT32).requiresGrad();
    Tensor b = Tensor.scalar(0.0001, DType.FLOAT32).requiresGrad();
    ScalarChain.build(x, a, b, length).backward();
    if (!Double.isFinite(x.grad().item())) {
      throw new IllegalStateException("Scaling: the chain's gradient is not finite");
    }
  }
}
