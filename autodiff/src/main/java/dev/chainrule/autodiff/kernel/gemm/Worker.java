package dev.chainrule.autodiff.kernel.gemm;

/**
 * One thread's share of a product over arrays {@code A}: the steps of {@link Blocking} on the calling
 * thread's {@link PackingBuffers}, with the element-level work done by the dtype's {@link Precision}. Each
 * thread that takes chunks makes its own worker, on that thread; a worker is never shared.
 *
 * <p>Both operands are packed into panels, the layout every {@link MicroKernel} reads: a block of
 * {@code op(A)} into this thread's scratch buffer, a block of {@code op(B)} through {@link RecentPanels}, so
 * a weight multiplied again is not packed again. Panels are zero-padded to full width, so the kernel never
 * reads past an operand. An edge tile of {@code C} runs on a full-size scratch tile, whose entries outside
 * {@code C} are never copied back.
 */
final class Worker<A> implements Blocking.Steps, Parallel.Worker {
  private final Precision<A> precision;
  private final MicroKernel kernel;
  private final A a;
  private final A b;
  private final A c;
  private final GemmShape shape;
  /** A row added to {@code C} as each tile is finished, or null. */
  private final A bias;
  private final int rows;
  private final int columns;
  private final RecentPanels recentB;
  /** Scratch: an edge tile of {@code C} at 0, the packed block of {@code op(A)} from {@link #packedA}. */
  private final A scratch;
  private final int packedA;
  private int aOffset;
  private int bOffset;
  private int cOffset;
  private A packedB;
  /** Whether the depth slice being multiplied is the last, after which a tile of {@code C} is finished. */
  private boolean lastSlice;

  /** A worker that adds {@code bias} (one element per column, or null for none) to every row of {@code C} as its tiles are finished. */
  Worker(Precision<A> precision, MicroKernel kernel, A a, A b, A c, A bias, GemmShape shape) {
    this.precision = precision;
    this.kernel = kernel;
    this.a = a;
    this.b = b;
    this.c = c;
    this.shape = shape;
    this.bias = bias;
    this.rows = kernel.rows();
    this.columns = precision.columns(kernel);
    PackingBuffers buffers = PackingBuffers.own();
    this.recentB = buffers.recentB();
    this.packedA = rows * columns;
    this.scratch = buffers.edge(precision, packedA + Blocking.MC * Blocking.sliceDepth(shape.k()));
  }

  @Override
  public void run(Chunk chunk) {
    aOffset = shape.aOffset(chunk.matrix());
    bOffset = shape.bOffset(chunk.matrix());
    cOffset = chunk.matrix() * shape.m() * shape.n();
    Blocking.run(this, chunk, shape.k());
  }

  @Override
  public int tileRows() {
    return rows;
  }

  @Override
  public int tileColumns() {
    return columns;
  }

  @Override
  public void packB(int depth, int kc, int column, int nc) {
    lastSlice = depth + kc >= shape.k();
    packedB = recentB.packed(precision, kernel, b, bOffset, shape.bColumnStride(), shape.bDepthStride(), column, nc, depth, kc, columns);
  }

  @Override
  public void packA(int depth, int kc, int row, int mc) {
    precision.pack(kernel, a, aOffset, shape.aRowStride(), shape.aDepthStride(), row, mc, depth, kc, rows, scratch, packedA);
  }

  @Override
  public void tile(int kc, int rowInBlock, int columnInBlock, int row, int column, int validRows, int validColumns) {
    int n = shape.n();
    int at = cOffset + row * n + column;
    int aFrom = packedA + rowInBlock * kc;
    int bFrom = columnInBlock * kc;
    if (validRows == rows && validColumns == columns) {
      precision.tile(kernel, kc, scratch, aFrom, packedB, bFrom, c, at, n);
    } else {
      for (int i = 0; i < validRows; i++) {
        System.arraycopy(c, at + i * n, scratch, i * columns, validColumns);
      }
      precision.tile(kernel, kc, scratch, aFrom, packedB, bFrom, scratch, 0, columns);
      for (int i = 0; i < validRows; i++) {
        System.arraycopy(scratch, i * columns, c, at + i * n, validColumns);
      }
    }
    if (bias != null && lastSlice) { // the tile is finished and still in cache
      precision.addBias(c, at, n, bias, column, validRows, validColumns);
    }
  }
}
