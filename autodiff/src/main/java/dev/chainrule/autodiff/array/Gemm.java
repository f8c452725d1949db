package dev.chainrule.autodiff.array;

/**
 * Batched matrix products {@code C[b] = op(A[b]) · op(B[b])}, where {@code op} is identity or transpose.
 *
 * <p>Transposes are absorbed in the index arithmetic, never materialized, so backward's {@code G·Bᵀ}
 * and {@code Aᵀ·G} cost the same as a forward product.
 */
final class Gemm {
  private Gemm() {}

  /**
   * Multiplies {@code batch} pairs of matrices.
   *
   * @param m rows of {@code op(A)} and {@code C}
   * @param n columns of {@code op(B)} and {@code C}
   * @param k columns of {@code op(A)}, rows of {@code op(B)}
   */
  static double[] multiply(double[] a, double[] b, int batch, int m, int n, int k, boolean ta, boolean tb) {
    double[] c = new double[batch * m * n];
    for (int p = 0; p < batch; p++) {
      int ao = p * m * k;
      int bo = p * k * n;
      int co = p * m * n;
      if (!tb) {
        for (int i = 0; i < m; i++) {
          int row = co + i * n;
          for (int q = 0; q < k; q++) {
            double aiq = ta ? a[ao + q * m + i] : a[ao + i * k + q];
            int bRow = bo + q * n;
            for (int j = 0; j < n; j++) {
              c[row + j] += aiq * b[bRow + j];
            }
          }
        }
      } else {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double s = 0;
            int bRow = bo + j * k;
            for (int q = 0; q < k; q++) {
              s += (ta ? a[ao + q * m + i] : a[ao + i * k + q]) * b[bRow + q];
            }
            c[co + i * n + j] = s;
          }
        }
      }
    }
    return c;
  }

  /** The float32 twin of {@link #multiply(double[], double[], int, int, int, int, boolean, boolean)}. */
  static float[] multiply(float[] a, float[] b, int batch, int m, int n, int k, boolean ta, boolean tb) {
    float[] c = new float[batch * m * n];
    for (int p = 0; p < batch; p++) {
      int ao = p * m * k;
      int bo = p * k * n;
      int co = p * m * n;
      if (!tb) {
        for (int i = 0; i < m; i++) {
          int row = co + i * n;
          for (int q = 0; q < k; q++) {
            float aiq = ta ? a[ao + q * m + i] : a[ao + i * k + q];
            int bRow = bo + q * n;
            for (int j = 0; j < n; j++) {
              c[row + j] += aiq * b[bRow + j];
            }
          }
        }
      } else {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            float s = 0;
            int bRow = bo + j * k;
            for (int q = 0; q < k; q++) {
              s += (ta ? a[ao + q * m + i] : a[ao + i * k + q]) * b[bRow + q];
            }
            c[co + i * n + j] = s;
          }
        }
      }
    }
    return c;
  }
}
