package dev.chainrule.autodiff.kernel.gemm;

/**
 * One thread's share of a product over arrays {@code A}: the steps of {@link Blocking} on the calling
 * thread's {@link PackingBuffers}, with the element-level work done by the dtype's {@link Precision}. Each thread that takes chunks makes its own worker, on that thread; a worker is
 * never shared.
 *
 * <p>{@code op(A)}, and {@code op(B)} when the {@link PackingPlan} says so, are read in place: handed to
 * the kernel through their own strides, with only a partial edge panel packed, so the kernel never reads
 * past an operand. An edge tile of {@code C} runs on a full-size scratch tile, whose entries outside
 * {@code C} are never copied back.
 */
final class Worker<A> implements Blocking.Steps, Parallel.Worker {
  private final Precision<A> precision;
  private final MicroKernel kernel;
  private final boolean packsB;
  private final A a;
  private final A b;
  private final A c;
  private final GemmShape shape;
  private final int rows;
  private final int columns;
  private final RecentPanels recentB;
  private final A edge;
  private final int edgeA;
  private final int edgeB;
  private int aOffset;
  private int bOffset;
  private int cOffset;
  private int aBase;
  private A bSource;
  private int bBase;
  private int bStep;
  private int bDepthStride;

  Worker(Precision<A> precision, MicroKernel kernel, PackingPlan plan, A a, A b, A c, GemmShape shape) {
    this.precision = precision;
    this.kernel = kernel;
    this.packsB = plan.packsB(shape);
    this.a = a;
    this.b = b;
    this.c = c;
    this.shape = shape;
    this.rows = kernel.rows();
    this.columns = precision.columns(kernel);
    int kc = Blocking.sliceDepth(shape.k());
    PackingBuffers buffers = PackingBuffers.own();
    this.recentB = buffers.recentB();
    this.edgeA = rows * columns;
    this.edgeB = edgeA + rows * kc;
    this.edge = buffers.edge(precision, edgeB + columns * kc);
  }

  @Override
  public void run(Chunk chunk) {
    aOffset = chunk.matrix() * shape.m() * shape.k();
    bOffset = chunk.matrix() * shape.k() * shape.n();
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
    if (packsB) {
      A packedB = recentB.packed(precision, b, bOffset, shape.bColumnStride(), shape.bDepthStride(), column, nc, depth, kc, columns);
      readB(packedB, 0, kc, columns);
    } else {
      int full = nc - nc % columns;
      precision.pack(b, bOffset, 1, shape.n(), column + full, nc - full, depth, kc, columns, edge, edgeB);
      readB(b, bOffset + depth * shape.n() + column, 1, shape.n());
    }
  }

  @Override
  public void packA(int depth, int kc, int row, int mc) {
    int full = mc - mc % rows;
    precision.pack(a, aOffset, shape.aRowStride(), shape.aDepthStride(), row + full, mc - full, depth, kc, rows, edge, edgeA);
    aBase = aOffset + row * shape.aRowStride() + depth * shape.aDepthStride();
  }

  @Override
  public void tile(int kc, int rowInBlock, int columnInBlock, int row, int column, int validRows, int validColumns) {
    int n = shape.n();
    int at = cOffset + row * n + column;
    if (validRows == rows && validColumns == columns) {
      precision.tile(kernel, kc, a, aBase + rowInBlock * shape.aRowStride(), shape.aRowStride(), shape.aDepthStride(),
          bSource, bBase + columnInBlock * bStep, bDepthStride, c, at, n);
      return;
    }
    for (int i = 0; i < validRows; i++) {
      System.arraycopy(c, at + i * n, edge, i * columns, validColumns);
    }
    // a partial panel read in place was packed into the edge buffer by packA or packB
    boolean aPacked = validRows < rows;
    boolean bPacked = validColumns < columns && !packsB;
    precision.tile(kernel, kc,
        aPacked ? edge : a, aPacked ? edgeA : aBase + rowInBlock * shape.aRowStride(),
        aPacked ? 1 : shape.aRowStride(), aPacked ? rows : shape.aDepthStride(),
        bPacked ? edge : bSource, bPacked ? edgeB : bBase + columnInBlock * bStep, bPacked ? columns : bDepthStride,
        edge, 0, columns);
    for (int i = 0; i < validRows; i++) {
      System.arraycopy(edge, i * columns, c, at + i * n, validColumns);
    }
  }

  /** Where the tiles of the current column block read {@code op(B)}: column {@code j} starts at {@code base + j·step}. */
  private void readB(A source, int base, int step, int depthStride) {
    bSource = source;
    bBase = base;
    bStep = step;
    bDepthStride = depthStride;
  }
}
