package dev.chainrule.autodiff.kernel.gemm;

import java.util.Arrays;

/**
 * One thread's products of small matrices read in place through strides, {@code C = op(A)·op(B)}, into
 * a scratch {@code C} padded to whole register tiles: attention's per-head products, whose operands are
 * strided slices of the projections and whose results are consumed at once. Both operands are packed
 * into panels (the whole depth in one slice), every tile runs on the configured {@link MicroKernel}, and
 * {@code C} is zeroed first, so each element is the same chain of fused multiply-adds over the depth in
 * increasing order as {@link Gemm#matmul} computes: the results agree with it bit for bit.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class SmallProduct<A> {
  private final Precision<A> precision;
  private final MicroKernel kernel;
  private final int rows;
  private final int columns;
  private A packedA;
  private A packedB;

  SmallProduct(Precision<A> precision, MicroKernel kernel) {
    this.precision = precision;
    this.kernel = kernel;
    this.rows = kernel.rows();
    this.columns = precision.columns(kernel);
    this.packedA = precision.allocate(0);
    this.packedB = precision.allocate(0);
  }

  /** {@code count} rows rounded up to whole tiles. */
  int paddedRows(int count) {
    return (count + rows - 1) / rows * rows;
  }

  /** {@code count} columns rounded up to whole tiles. */
  int paddedColumns(int count) {
    return (count + columns - 1) / columns * columns;
  }

  /**
   * Writes {@code op(A)·op(B)} into {@code c}, whose rows are {@link #paddedColumns}{@code (n)} apart; the
   * {@link #paddedRows}{@code (m)} × {@code paddedColumns(n)} block is overwritten, its padding with
   * products of zeros.
   *
   * @param a element {@code (i, p)} of {@code op(A)} is at {@code a[aOffset + i·aRow + p·aDepth]}
   * @param b element {@code (p, j)} of {@code op(B)} is at {@code b[bOffset + p·bDepth + j·bColumn]}
   */
  void multiply(A a, int aOffset, int aRow, int aDepth, A b, int bOffset, int bDepth, int bColumn,
      int m, int n, int k, A c) {
    int mp = paddedRows(m);
    int np = paddedColumns(n);
    packedA = atLeast(packedA, mp * k);
    packedB = atLeast(packedB, np * k);
    precision.pack(kernel, a, aOffset, aRow, aDepth, 0, m, 0, k, rows, packedA, 0);
    precision.pack(kernel, b, bOffset, bColumn, bDepth, 0, n, 0, k, columns, packedB, 0);
    zero(c, mp * np);
    for (int j = 0; j < np; j += columns) {
      for (int i = 0; i < mp; i += rows) {
        precision.tile(kernel, k, packedA, i * k, packedB, j * k, c, i * np + j, np);
      }
    }
  }

  private A atLeast(A buffer, int size) {
    return precision.length(buffer) >= size ? buffer : precision.allocate(size);
  }

  private void zero(A c, int size) {
    if (c instanceof float[] f) {
      Arrays.fill(f, 0, size, 0f);
    } else {
      Arrays.fill((double[]) c, 0, size, 0d);
    }
  }

  /** A scratch array for results of up to {@code m × n} (padded), for this product's dtype. */
  A scratch(int m, int n) {
    return precision.allocate(paddedRows(m) * paddedColumns(n));
  }

  /** Copies {@code rowCount} rows of {@code width} from {@code from} (rows {@code fromStride} apart) into {@code into}. */
  static void copyRows(Object from, int fromOffset, int fromStride, Object into, int intoOffset, int intoStride,
      int rowCount, int width) {
    for (int r = 0; r < rowCount; r++) {
      System.arraycopy(from, fromOffset + r * fromStride, into, intoOffset + r * intoStride, width);
    }
  }
}
