package dev.chainrule.autodiff.array;

import static dev.chainrule.autodiff.array.MicroKernel.FLOAT_COLUMNS;
import static dev.chainrule.autodiff.array.MicroKernel.ROWS;

/**
 * One thread's share of a float32 product: its own packing buffers, and the float32 steps of
 * {@link Blocking}. Each thread that takes chunks makes its own worker; a worker is never shared.
 */
final class FloatWorker implements Blocking.Steps, Parallel.Worker {
  private final MicroKernel kernel;
  private final float[] a;
  private final float[] b;
  private final float[] c;
  private final GemmShape shape;
  private final float[] packedA;
  private final float[] packedB;
  private final float[] edge = new float[ROWS * FLOAT_COLUMNS];
  private int aOffset;
  private int bOffset;
  private int cOffset;

  FloatWorker(MicroKernel kernel, float[] a, float[] b, float[] c, GemmShape shape) {
    this.kernel = kernel;
    this.a = a;
    this.b = b;
    this.c = c;
    this.shape = shape;
    int depth = Math.min(Blocking.KC, shape.k());
    this.packedA = new float[Parallel.roundUp(Math.min(Blocking.MC, shape.m()), ROWS) * depth];
    this.packedB = new float[Parallel.roundUp(Math.min(Blocking.NC, shape.n()), FLOAT_COLUMNS) * depth];
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
    return FLOAT_COLUMNS;
  }

  @Override
  public void packB(int depth, int kc, int column, int nc) {
    Packing.pack(b, bOffset, shape.bColumnStride(), shape.bDepthStride(), column, nc, depth, kc, FLOAT_COLUMNS, packedB);
  }

  @Override
  public void packA(int depth, int kc, int row, int mc) {
    Packing.pack(a, aOffset, shape.aRowStride(), shape.aDepthStride(), row, mc, depth, kc, ROWS, packedA);
  }

  @Override
  public void tile(int kc, int rowInBlock, int columnInBlock, int row, int column, int rows, int columns) {
    int n = shape.n();
    int at = cOffset + row * n + column;
    if (rows == ROWS && columns == FLOAT_COLUMNS) {
      kernel.tile(kc, packedA, rowInBlock * kc, packedB, columnInBlock * kc, c, at, n);
      return;
    }
    // an edge tile runs on a full-size scratch tile; entries outside C are never copied back
    for (int i = 0; i < rows; i++) {
      System.arraycopy(c, at + i * n, edge, i * FLOAT_COLUMNS, columns);
    }
    kernel.tile(kc, packedA, rowInBlock * kc, packedB, columnInBlock * kc, edge, 0, FLOAT_COLUMNS);
    for (int i = 0; i < rows; i++) {
      System.arraycopy(edge, i * FLOAT_COLUMNS, c, at + i * n, columns);
    }
  }
}
