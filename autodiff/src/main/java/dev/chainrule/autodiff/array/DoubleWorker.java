package dev.chainrule.autodiff.array;

import static dev.chainrule.autodiff.array.MicroKernel.DOUBLE_COLUMNS;
import static dev.chainrule.autodiff.array.MicroKernel.ROWS;

/**
 * One thread's share of a float64 product: its own packing buffers, and the float64 steps of
 * {@link Blocking}. Each thread that takes chunks makes its own worker; a worker is never shared.
 */
final class DoubleWorker implements Blocking.Steps, Parallel.Worker {
  private final MicroKernel kernel;
  private final double[] a;
  private final double[] b;
  private final double[] c;
  private final GemmShape shape;
  private final double[] packedA;
  private final double[] packedB;
  private final double[] edge = new double[ROWS * DOUBLE_COLUMNS];
  private int aOffset;
  private int bOffset;
  private int cOffset;

  DoubleWorker(MicroKernel kernel, double[] a, double[] b, double[] c, GemmShape shape) {
    this.kernel = kernel;
    this.a = a;
    this.b = b;
    this.c = c;
    this.shape = shape;
    int depth = Math.min(Blocking.KC, shape.k());
    this.packedA = new double[Parallel.roundUp(Math.min(Blocking.MC, shape.m()), ROWS) * depth];
    this.packedB = new double[Parallel.roundUp(Math.min(Blocking.NC, shape.n()), DOUBLE_COLUMNS) * depth];
  }

  @Override
  public void run(Chunk chunk) {
    aOffset = chunk.matrix() * shape.m() * shape.k();
    bOffset = chunk.matrix() * shape.k() * shape.n();
    cOffset = chunk.matrix() * shape.m() * shape.n();
    Blocking.run(this, chunk, shape.k());
  }

  @Override
  public int tileColumns() {
    return DOUBLE_COLUMNS;
  }

  @Override
  public void packB(int depth, int kc, int column, int nc) {
    Packing.pack(b, bOffset, shape.bColumnStride(), shape.bDepthStride(), column, nc, depth, kc, DOUBLE_COLUMNS, packedB);
  }

  @Override
  public void packA(int depth, int kc, int row, int mc) {
    Packing.pack(a, aOffset, shape.aRowStride(), shape.aDepthStride(), row, mc, depth, kc, ROWS, packedA);
  }

  @Override
  public void tile(int kc, int rowInBlock, int columnInBlock, int row, int column, int rows, int columns) {
    int n = shape.n();
    int at = cOffset + row * n + column;
    if (rows == ROWS && columns == DOUBLE_COLUMNS) {
      kernel.tile(kc, packedA, rowInBlock * kc, packedB, columnInBlock * kc, c, at, n);
      return;
    }
    // an edge tile runs on a full-size scratch tile; entries outside C are never copied back
    for (int i = 0; i < rows; i++) {
      System.arraycopy(c, at + i * n, edge, i * DOUBLE_COLUMNS, columns);
    }
    kernel.tile(kc, packedA, rowInBlock * kc, packedB, columnInBlock * kc, edge, 0, DOUBLE_COLUMNS);
    for (int i = 0; i < rows; i++) {
      System.arraycopy(edge, i * DOUBLE_COLUMNS, c, at + i * n, columns);
    }
  }
}
