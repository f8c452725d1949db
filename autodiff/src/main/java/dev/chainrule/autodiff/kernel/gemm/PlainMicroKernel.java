package dev.chainrule.autodiff.kernel.gemm;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Register tiles in plain Java loops, of any shape: the portable fallback when the Vector API is missing.
 *
 * <p>The JIT does not vectorize these loops, so they run at a few GFLOPS; they exist for correctness
 * everywhere, and give the same bits as the Vector API kernels.
 */
record PlainMicroKernel(int rows, int floatColumns, int doubleColumns) implements MicroKernel {
  PlainMicroKernel {
    checkArgument(
        rows >= 1 && floatColumns >= 1 && doubleColumns >= 1,
        "kernels: tile sizes must be positive; got %s × %s (float32), %s × %s (float64)",
        rows, floatColumns, rows, doubleColumns);
  }

  /** The plain kernel with the 256-bit kernel's tile: 6 × 16 floats, 6 × 8 doubles. */
  static PlainMicroKernel standard() {
    return new PlainMicroKernel(6, 16, 8);
  }

  @Override
  public void tile(int kc, float[] a, int aFrom, float[] b, int bFrom, float[] c, int cFrom, int ldc) {
    for (int p = 0; p < kc; p++) {
      int bRow = bFrom + p * floatColumns;
      for (int i = 0; i < rows; i++) {
        float x = a[aFrom + p * rows + i];
        int cRow = cFrom + i * ldc;
        for (int j = 0; j < floatColumns; j++) {
          c[cRow + j] = Math.fma(x, b[bRow + j], c[cRow + j]);
        }
      }
    }
  }

  @Override
  public void tile(int kc, double[] a, int aFrom, double[] b, int bFrom, double[] c, int cFrom, int ldc) {
    for (int p = 0; p < kc; p++) {
      int bRow = bFrom + p * doubleColumns;
      for (int i = 0; i < rows; i++) {
        double x = a[aFrom + p * rows + i];
        int cRow = cFrom + i * ldc;
        for (int j = 0; j < doubleColumns; j++) {
          c[cRow + j] = Math.fma(x, b[bRow + j], c[cRow + j]);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "plain";
  }
}
