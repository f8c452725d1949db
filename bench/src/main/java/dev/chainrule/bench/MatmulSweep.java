package dev.chainrule.bench;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
import dev.chainrule.autodiff.array.Shape;
import java.util.Locale;
import java.util.Random;

/**
 * GFLOPS of the square product {@code A·B} for n = 64…2048 in float32 and float64, printed as
 * {@code chainrule gemm dtype=… n=… threads=… gflops_median=… gflops_best=…}: the series that
 * {@link PerformancePlot} draws beside OpenBLAS. Each size is warmed up for a second, then timed in
 * seven samples of at least 0.2 s. Threads: {@code -Dchainrule.threads=N}.
 *
 * <p>Usage: {@code MatmulSweep [n…]}.
 */
public final class MatmulSweep {
  private MatmulSweep() {}

  /** Runs the sweep over the given sizes (default 64 128 256 512 1024 2048). */
  public static void main(String[] args) {
    int[] sizes = args.length == 0
        ? new int[] {64, 128, 256, 512, 1024, 2048}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int threads = PeerWorkloads.threads();
    for (DType dtype : DType.values()) {
      for (int n : sizes) {
        Random random = new Random(n);
        NdArray a = NdArray.uniform(Shape.of(n, n), dtype, -1, 1, random);
        NdArray b = NdArray.uniform(Shape.of(n, n), dtype, -1, 1, random);
        repeatFor(a, b, 1_000_000_000L);
        double[] gflops = new double[7];
        for (int s = 0; s < gflops.length; s++) {
          long start = System.nanoTime();
          int calls = repeatFor(a, b, 200_000_000L);
          gflops[s] = 2.0 * n * n * (double) n * calls / (System.nanoTime() - start);
        }
        Timings t = new Timings(gflops);
        System.out.printf(Locale.ROOT, "chainrule gemm dtype=%s n=%d threads=%d gflops_median=%.1f gflops_best=%.1f%n",
            dtype.name().toLowerCase(Locale.ROOT), n, threads, t.median(), t.percentile(1));
      }
    }
  }

  private static int repeatFor(NdArray a, NdArray b, long nanos) {
    long end = System.nanoTime() + nanos;
    int calls = 0;
    double sink = 0;
    do {
      sink += Gemm.matmul(a, b, false, false).getFlat(0);
      calls++;
    } while (System.nanoTime() < end);
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("MatmulSweep: the product is NaN");
    }
    return calls;
  }
}
