package dev.chainrule.autodiff.kernel.gemm;

/**
 * The innermost step of the blocked matrix product: one register tile {@code C[rows × columns] += Ā·B̄}
 * over a depth {@code kc}, where {@code Ā} holds {@link #rows()} rows of {@code op(A)} and {@code B̄}
 * {@link #floatColumns()} (float32) or {@link #doubleColumns()} (float64) columns of {@code op(B)}.
 *
 * <p>Both operands are panels packed by {@link #pack} ({@link Packing}'s loops unless a kernel moves them
 * faster): element {@code (row i, depth p)} of {@code Ā} is at {@code aFrom + p·rows() + i}, and element
 * {@code (depth p, column j)} of {@code B̄} at {@code bFrom + p·columns + j}. Strides that are constants of
 * the kernel let the JIT drop the bounds checks and index arithmetic of the loop; that, with a
 * 12-accumulator tile, made the 256-bit products about 1.5× faster than reading the operands in place
 * through variable strides (docs/performance.md).
 *
 * <p>Every implementation computes each element of {@code C} as the same chain
 * {@code c = fma(a[p], b[p], c)} for {@code p = 0, 1, …, kc - 1}, in the array's own dtype. Kernels therefore
 * agree bit for bit, whatever their tile shape, and so do the blocked and the simple loops of {@link Gemm}:
 * which kernel runs, or how many threads, never changes a result.
 */
interface MicroKernel {
  /** Rows of {@code C} in one tile. */
  int rows();

  /** Columns of {@code C} in one float32 tile. */
  int floatColumns();

  /** Columns of {@code C} in one float64 tile. */
  int doubleColumns();

  /**
   * Adds {@code Ā·B̄} to a full float32 tile of {@code c}.
   *
   * @param kc depth of the product
   * @param a holds the packed panel {@code Ā}, from {@code aFrom}
   * @param aFrom position of {@code Ā}'s first element
   * @param b holds the packed panel {@code B̄}, from {@code bFrom}
   * @param bFrom position of {@code B̄}'s first element
   * @param c the product's result
   * @param cFrom position of the tile's top-left element in {@code c}
   * @param ldc distance in {@code c} between vertically adjacent elements
   */
  void tile(int kc, float[] a, int aFrom, float[] b, int bFrom, float[] c, int cFrom, int ldc);

  /** The float64 twin of {@link #tile(int, float[], int, float[], int, float[], int, int)}. */
  void tile(int kc, double[] a, int aFrom, double[] b, int bFrom, double[] c, int cFrom, int ldc);

  /** Packs panels {@code width} wide for this kernel's tiles, as {@link Packing#pack} does. */
  default void pack(float[] source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, float[] into, int at) {
    Packing.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, into, at);
  }

  /** The float64 twin of {@link #pack(float[], int, int, int, int, int, int, int, int, float[], int)}. */
  default void pack(double[] source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, double[] into, int at) {
    Packing.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, into, at);
  }
}
