package dev.chainrule.autodiff.kernel.gemm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

/**
 * Which micro-kernel the matrix products run and on how many threads: an immutable setting.
 *
 * <p>{@link #configured()} is chosen once, when first needed, by {@link KernelSelection} from the system
 * properties {@code chainrule.kernels} and {@code chainrule.threads}; nothing changes it afterwards, and
 * {@code NdArray.matmul} always uses it. Tests and benchmarks make other settings with the factories here
 * and pass them to {@link Gemm} explicitly. No setting changes a result: every kernel and every thread
 * count gives the same bits.
 *
 * @param microKernel the register-tile implementation
 * @param threads the most threads one product may use, the calling thread included; 1 means exactly one
 */
record Kernels(MicroKernel microKernel, int threads) {
  Kernels {
    checkArgument(threads >= 1, "kernels: threads must be at least 1; got %s", threads);
  }

  /**
   * The setting {@code NdArray.matmul} uses, chosen from the system properties on first use.
   *
   * @throws IllegalArgumentException on every call, when a property has a malformed value (naming it)
   */
  static Kernels configured() {
    return KernelSelection.configured();
  }

  /** Plain Java loops on {@code threads} threads. */
  static Kernels plain(int threads) {
    return new Kernels(PlainMicroKernel.standard(), threads);
  }

  /**
   * Vector API kernels as wide as the hardware prefers (512 or 256 bits) on {@code threads} threads; fails
   * when the Vector API is not available.
   */
  static Kernels vector(int threads) {
    checkVectorAvailable();
    return new Kernels(KernelSelection.widestVectorKernel(), threads);
  }

  /** The 256-bit Vector API kernels on {@code threads} threads, whatever the hardware prefers. */
  static Kernels vector256(int threads) {
    checkVectorAvailable();
    return new Kernels(KernelSelection.vector256Kernel(), threads);
  }

  /** This setting with another thread count. */
  Kernels withThreads(int count) {
    return new Kernels(microKernel, count);
  }

  private static void checkVectorAvailable() {
    checkState(
        KernelSelection.vectorAvailable(),
        "kernels: the Vector API is not available; run the JVM with --add-modules jdk.incubator.vector");
  }
}
