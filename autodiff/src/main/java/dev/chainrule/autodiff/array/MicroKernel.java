package dev.chainrule.autodiff.array;

/**
 * The innermost step of the blocked matrix product: one register tile {@code C[ROWS × cols] += Ā·B̄} over
 * a packed depth {@code kc}, where {@code Ā} is a panel of {@link #ROWS} rows and {@code B̄} a panel of
 * {@link #FLOAT_COLUMNS} (float32) or {@link #DOUBLE_COLUMNS} (float64) columns, both laid out by
 * {@link Packing}.
 *
 * <p>Every implementation computes each element of {@code C} as the same chain
 * {@code c = fma(a[p], b[p], c)} for {@code p = 0, 1, …, kc - 1}, in the array's own dtype. Kernels therefore
 * agree bit for bit, and so do the blocked and the simple loops of {@link Gemm}: which kernel runs, or how
 * many threads, never changes a result.
 */
interface MicroKernel {
  /** Rows of {@code C} in one tile. */
  int ROWS = 4;

  /** Columns of {@code C} in one float32 tile: two 256-bit vectors of 8 floats. */
  int FLOAT_COLUMNS = 16;

  /** Columns of {@code C} in one float64 tile: two 256-bit vectors of 4 doubles. */
  int DOUBLE_COLUMNS = 8;

  /**
   * Adds the product of a packed row panel and a packed column panel to a full float32 tile of {@code c}.
   *
   * @param a packed panel: element {@code (row i, depth p)} at {@code aFrom + p·ROWS + i}
   * @param b packed panel: element {@code (depth p, column j)} at {@code bFrom + p·FLOAT_COLUMNS + j}
   * @param cFrom position of the tile's top-left element in {@code c}
   * @param ldc distance in {@code c} between vertically adjacent elements
   */
  void tile(int kc, float[] a, int aFrom, float[] b, int bFrom, float[] c, int cFrom, int ldc);

  /** The float64 twin of {@link #tile(int, float[], int, float[], int, float[], int, int)}. */
  void tile(int kc, double[] a, int aFrom, double[] b, int bFrom, double[] c, int cFrom, int ldc);
}
