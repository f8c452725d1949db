package dev.chainrule.autodiff.kernel.gemm;

/**
 * The cache-blocked loop nest of the matrix product, after Goto and van de Geijn, "Anatomy of
 * high-performance matrix multiplication" (ACM TOMS 34(3), 2008), in the five-loop form of BLIS.
 *
 * <p>For each slab of {@link #NC} columns and each depth slice of at most {@link #KC}, a block of
 * {@code op(B)} is packed once (it stays in L3 or L2); for each {@link #MC}-row block of {@code op(A)}
 * (which stays in L2), every register tile of that block of {@code C} is one {@link MicroKernel} call,
 * which streams one column panel from L1. The sizes suit 32-48 KB of L1 and 512 KB-1 MB of L2 per core: a
 * 512-bit float32 column panel is {@code 256 × 32 × 4} = 32 KB. The depth is cut into slices of equal
 * size (784 is 4 × 196, not 3 × 256 + 16), so no slice is wastefully thin.

 */
final class Blocking {
  /** Most depth in one slice. */
  static final int KC = 256;

  /** Rows of one block of {@code op(A)}; a multiple of every kernel's tile rows. */
  static final int MC = 96;

  /** Columns of one block of {@code op(B)}. */
  static final int NC = 2048;

  /** The dtype-specific steps the loop nest drives, on one thread's packing buffers. */
  interface Steps {
    /** Rows in one register tile. */
    int tileRows();

    /** Columns in one register tile. */
    int tileColumns();

    /** Prepares depths {@code [depth, depth + kc)} × columns {@code [column, column + nc)} of {@code op(B)}. */
    void packB(int depth, int kc, int column, int nc);

    /** Prepares rows {@code [row, row + mc)} × depths {@code [depth, depth + kc)} of {@code op(A)}. */
    void packA(int depth, int kc, int row, int mc);

    /**
     * Adds the tile whose panels start at {@code rowInBlock} and {@code columnInBlock} of the prepared
     * blocks to {@code C} at {@code (row, column)}; only {@code rows × columns} of it lie inside {@code C}.
     */
    void tile(int kc, int rowInBlock, int columnInBlock, int row, int column, int rows, int columns);
  }

  private Blocking() {}

  /** The depth of each slice when {@code k} is cut into equal slices of at most {@link #KC}. */
  static int sliceDepth(int k) {
    int slices = Math.max(1, (k + KC - 1) / KC);
    return (k + slices - 1) / slices;
  }

  /** Adds {@code op(A)·op(B)} to the rectangle of {@code C} given by {@code chunk}, over depth {@code k}. */
  static void run(Steps steps, Chunk chunk, int k) {
    int tileRows = steps.tileRows();
    int tileColumns = steps.tileColumns();
    int slice = sliceDepth(k);
    for (int column = chunk.columnFrom(); column < chunk.columnTo(); column += NC) {
      int nc = Math.min(NC, chunk.columnTo() - column);
      for (int depth = 0; depth < k; depth += slice) {
        int kc = Math.min(slice, k - depth);
        steps.packB(depth, kc, column, nc);
        for (int row = chunk.rowFrom(); row < chunk.rowTo(); row += MC) {
          int mc = Math.min(MC, chunk.rowTo() - row);
          steps.packA(depth, kc, row, mc);
          for (int j = 0; j < nc; j += tileColumns) {
            for (int i = 0; i < mc; i += tileRows) {
              steps.tile(kc, i, j, row + i, column + j, Math.min(tileRows, mc - i), Math.min(tileColumns, nc - j));
            }
          }
        }
      }
    }
  }
}
