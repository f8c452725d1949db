package dev.chainrule.autodiff.array;

/**
 * Register tiles in plain Java loops: the portable fallback when the Vector API is missing.
 *
 * <p>The JIT does not vectorize these loops, so they run at a few GFLOPS; they exist for correctness
 * everywhere, and give the same bits as {@link VectorMicroKernel}.
 */
final class PlainMicroKernel implements MicroKernel {
  @Override
  public void tile(int kc, float[] a, int aFrom, float[] b, int bFrom, float[] c, int cFrom, int ldc) {
    for (int p = 0; p < kc; p++) {
      int bRow = bFrom + p * FLOAT_COLUMNS;
      for (int i = 0; i < ROWS; i++) {
        float x = a[aFrom + p * ROWS + i];
        int cRow = cFrom + i * ldc;
        for (int j = 0; j < FLOAT_COLUMNS; j++) {
          c[cRow + j] = Math.fma(x, b[bRow + j], c[cRow + j]);
        }
      }
    }
  }

  @Override
  public void tile(int kc, double[] a, int aFrom, double[] b, int bFrom, double[] c, int cFrom, int ldc) {
    for (int p = 0; p < kc; p++) {
      int bRow = bFrom + p * DOUBLE_COLUMNS;
      for (int i = 0; i < ROWS; i++) {
        double x = a[aFrom + p * ROWS + i];
        int cRow = cFrom + i * ldc;
        for (int j = 0; j < DOUBLE_COLUMNS; j++) {
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
