package dev.chainrule.autodiff.kernel.gemm;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * Prints the start-up kernel choice and checks one product: run by {@link KernelSelectionTest} in a fresh
 * JVM, with and without the Vector API module.
 */
public final class KernelProbe {
  private KernelProbe() {}

  /**
   * Prints {@code kernels=<name> threads=<count> product=ok}, or, when the setting is malformed, the error
   * of the first product and whether a second product fails the same way.
   */
  public static void main(String[] args) {
    NdArray a = NdArray.uniform(Shape.of(64, 784), DType.FLOAT32, -1, 1, new java.util.Random(1));
    NdArray b = NdArray.uniform(Shape.of(784, 128), DType.FLOAT32, -1, 1, new java.util.Random(2));
    float[] expected = new float[64 * 128];
    Gemm.simple(a.storage().f32(), b.storage().f32(), expected, new GemmShape(1, 64, 128, 784, false, false));
    boolean same;
    try {
      same = java.util.Arrays.equals(expected, Gemm.matmul(a, b, false, false).toFloatArray());
    } catch (IllegalArgumentException first) {
      String again;
      try {
        Gemm.matmul(a, b, false, false);
        again = "none";
      } catch (RuntimeException second) {
        again = second.getClass().getSimpleName();
      }
      System.out.println("error=" + first.getMessage() + " again=" + again);
      return;
    }
    System.out.println(
        "kernels=" + Kernels.configured().microKernel() + " threads=" + Kernels.configured().threads() + " product=" + (same ? "ok" : "wrong"));
  }
}
