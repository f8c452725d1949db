package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

/**
 * Which micro-kernel the matrix products run and on how many threads: an immutable setting.
 *
 * <p>{@link #DEFAULT} is chosen once, when first needed, by {@link KernelSelection} from the system
 * properties {@code chainrule.kernels} and {@code chainrule.threads}; nothing changes it afterwards, and
 * {@code NdArray.matmul} always uses it. Tests and benchmarks make other settings with the factories here
 * and pass them to {@link Gemm} explicitly. No setting changes a result: every kernel and every thread
 * count gives the same bits.
 *
 * @param microKernel the register-tile implementation
 * @param threads the most threads one product may use, the calling thread included; 1 means exactly one
 */
record Kernels(MicroKernel microKernel, int threads) {
  /** The setting {@code NdArray.matmul} uses, chosen at start-up. */
  static final Kernels DEFAULT = KernelSelection.fromSystemProperties();

  Kernels {
    checkArgument(threads >= 1, "kernels: threads must be at least 1; got %s", threads);
  }

  /** Plain Java loops on {@code threads} threads. */
  static Kernels plain(int threads) {
    return new Kernels(new PlainMicroKernel(), threads);
  }

  /** Vector API kernels on {@code threads} threads; fails when the Vector API is not available. */
  static Kernels vector(int threads) {
    checkState(
        KernelSelection.vectorAvailable(),
        "kernels: the Vector API is not available; run the JVM with --add-modules jdk.incubator.vector");
    return new Kernels(KernelSelection.vectorKernel(), threads);
  }

  /** This setting with another thread count. */
  Kernels withThreads(int count) {
    return new Kernels(microKernel, count);
  }
}
