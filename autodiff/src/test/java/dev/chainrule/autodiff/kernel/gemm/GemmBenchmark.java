package dev.chainrule.autodiff.kernel.gemm;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prints GFLOPS of the default kernels for square products {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} in
 * float32 and float64 on 1 and 2 threads, then for the products of one training step of a 784-128 layer
 * on a batch of 64, beside the simple loop: a main to run by hand, not a test.
 *
 * <p>Run from {@code autodiff/} after {@code mvn test-compile}, with the module added:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:<guava.jar>
 * dev.chainrule.autodiff.array.GemmBenchmark [sizes…]}. A fresh JVM runs slower for its first seconds
 * while the heap's pages are touched for the first time, so the run starts with a few seconds of warm-up
 * and each case gets another second before it is timed in several samples; the best and the median
 * sample are printed. On a machine shared with other work, take the best of several runs.
 */
public final class GemmBenchmark {
  private static final long FIRST_WARM_UP_NANOS = 4_000_000_000L;
  private static final long WARM_UP_NANOS = 1_000_000_000L;
  private static final long SAMPLE_NANOS = 250_000_000L;
  private static final int SAMPLES = 5;

  private GemmBenchmark() {}

  /** Runs every case for the sizes given as arguments (default 256 512 1024). */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {256, 512, 1024} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf("%d cores, kernels %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
        Kernels.configured().microKernel(), Runtime.version());
    repeatFor(call("float32", new GemmShape(1, 512, 512, 512, false, false), Kernels.configured()), FIRST_WARM_UP_NANOS);
    System.out.println("dtype    shape (m×k·k×n)   product  threads  best GFLOPS  median GFLOPS");
    for (String dtype : new String[] {"float32", "float64"}) {
      for (int n : sizes) {
        for (String product : new String[] {"A·B", "Aᵀ·B", "A·Bᵀ"}) {
          GemmShape shape = new GemmShape(1, n, n, n, product.equals("Aᵀ·B"), product.equals("A·Bᵀ"));
          report(dtype, shape, product, 1);
          report(dtype, shape, product, 2);
        }
      }
    }
    for (String dtype : new String[] {"float32", "float64"}) {
      report(dtype, new GemmShape(1, 64, 128, 784, false, false), "X·W", 2);
      report(dtype, new GemmShape(1, 64, 784, 128, false, true), "G·Wᵀ", 2);
      report(dtype, new GemmShape(1, 784, 128, 64, true, false), "Xᵀ·G", 2);
      report(dtype, new GemmShape(1, 64, 128, 784, false, false), "X·W", 0);
    }
  }

  /** Times one case; {@code threads} 0 stands for the simple loop. */
  private static void report(String dtype, GemmShape shape, String product, int threads) {
    Runnable call = threads == 0 ? simpleCall(dtype, shape) : call(dtype, shape, Kernels.configured().withThreads(threads));
    repeatFor(call, WARM_UP_NANOS);
    double[] gflops = new double[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
      long start = System.nanoTime();
      int calls = repeatFor(call, SAMPLE_NANOS);
      gflops[s] = 2.0 * shape.multiplyAdds() * calls / ((System.nanoTime() - start) / 1e9) / 1e9;
    }
    Arrays.sort(gflops);
    String size = shape.m() + "×" + shape.k() + "·" + shape.k() + "×" + shape.n();
    System.out.printf(Locale.ROOT, "%s  %-17s %-8s %-8s %-12.1f %.1f%n", dtype, size, product,
        threads == 0 ? "simple" : threads, gflops[SAMPLES - 1], gflops[SAMPLES / 2]);
  }

  private static int repeatFor(Runnable call, long nanos) {
    long end = System.nanoTime() + nanos;
    int calls = 0;
    do {
      call.run();
      calls++;
    } while (System.nanoTime() < end);
    return calls;
  }

  private static Runnable call(String dtype, GemmShape shape, Kernels kernels) {
    if (dtype.equals("float32")) {
      float[] a = GemmReference.randomFloats(shape.m() * shape.k(), 1);
      float[] b = GemmReference.randomFloats(shape.k() * shape.n(), 2);
      return () -> Gemm.multiply(kernels, a, b, shape);
    }
    double[] a = GemmReference.randomDoubles(shape.m() * shape.k(), 1);
    double[] b = GemmReference.randomDoubles(shape.k() * shape.n(), 2);
    return () -> Gemm.multiply(kernels, a, b, shape);
  }

  private static Runnable simpleCall(String dtype, GemmShape shape) {
    if (dtype.equals("float32")) {
      float[] a = GemmReference.randomFloats(shape.m() * shape.k(), 1);
      float[] b = GemmReference.randomFloats(shape.k() * shape.n(), 2);
      return () -> Gemm.simple(a, b, new float[shape.m() * shape.n()], shape);
    }
    double[] a = GemmReference.randomDoubles(shape.m() * shape.k(), 1);
    double[] b = GemmReference.randomDoubles(shape.k() * shape.n(), 2);
    return () -> Gemm.simple(a, b, new double[shape.m() * shape.n()], shape);
  }
}
