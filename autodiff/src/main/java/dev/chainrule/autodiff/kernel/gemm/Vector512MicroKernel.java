package dev.chainrule.autodiff.kernel.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles with the JDK's Vector API ({@code jdk.incubator.vector}) for 512-bit hardware (AVX-512):
 * 8 rows × 2 vectors (8 × 32 floats or 8 × 16 doubles), so 16 accumulators, 2 panel vectors and 1
 * broadcast stay within the 32 vector registers that AVX-512 has.
 *
 * <p>The accumulators are named locals rather than an array so that the JIT keeps them in registers. Load
 * this class only after {@link KernelSelection} has found the module: it links against the incubator
 * module.
 */
final class Vector512MicroKernel implements MicroKernel {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;

  /** True when the hardware prefers 512-bit vectors, so the species above compile to single instructions. */
  static boolean supported() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
  }

  @Override
  public int rows() {
    return 8;
  }

  @Override
  public int floatColumns() {
    return 32;
  }

  @Override
  public int doubleColumns() {
    return 16;
  }

  @Override
  public void tile(int kc, float[] a, int aFrom, float[] b, int bFrom, float[] c, int cFrom, int ldc) {
    int c1 = cFrom + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    FloatVector c00 = FloatVector.fromArray(FLOATS, c, cFrom);
    FloatVector c01 = FloatVector.fromArray(FLOATS, c, cFrom + 16);
    FloatVector c10 = FloatVector.fromArray(FLOATS, c, c1);
    FloatVector c11 = FloatVector.fromArray(FLOATS, c, c1 + 16);
    FloatVector c20 = FloatVector.fromArray(FLOATS, c, c2);
    FloatVector c21 = FloatVector.fromArray(FLOATS, c, c2 + 16);
    FloatVector c30 = FloatVector.fromArray(FLOATS, c, c3);
    FloatVector c31 = FloatVector.fromArray(FLOATS, c, c3 + 16);
    FloatVector c40 = FloatVector.fromArray(FLOATS, c, c4);
    FloatVector c41 = FloatVector.fromArray(FLOATS, c, c4 + 16);
    FloatVector c50 = FloatVector.fromArray(FLOATS, c, c5);
    FloatVector c51 = FloatVector.fromArray(FLOATS, c, c5 + 16);
    FloatVector c60 = FloatVector.fromArray(FLOATS, c, c6);
    FloatVector c61 = FloatVector.fromArray(FLOATS, c, c6 + 16);
    FloatVector c70 = FloatVector.fromArray(FLOATS, c, c7);
    FloatVector c71 = FloatVector.fromArray(FLOATS, c, c7 + 16);
    for (int p = 0, ai = aFrom, bi = bFrom; p < kc; p++, ai += 8, bi += 32) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FLOATS, b, bi + 16);
      FloatVector x = FloatVector.broadcast(FLOATS, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(FLOATS, a[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(FLOATS, a[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(FLOATS, a[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(FLOATS, a[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(FLOATS, a[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(FLOATS, a[ai + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(FLOATS, a[ai + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, cFrom);
    c01.intoArray(c, cFrom + 16);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + 16);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + 16);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + 16);
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + 16);
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + 16);
    c60.intoArray(c, c6);
    c61.intoArray(c, c6 + 16);
    c70.intoArray(c, c7);
    c71.intoArray(c, c7 + 16);
  }

  @Override
  public void tile(int kc, double[] a, int aFrom, double[] b, int bFrom, double[] c, int cFrom, int ldc) {
    int c1 = cFrom + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int c4 = c3 + ldc;
    int c5 = c4 + ldc;
    int c6 = c5 + ldc;
    int c7 = c6 + ldc;
    DoubleVector c00 = DoubleVector.fromArray(DOUBLES, c, cFrom);
    DoubleVector c01 = DoubleVector.fromArray(DOUBLES, c, cFrom + 8);
    DoubleVector c10 = DoubleVector.fromArray(DOUBLES, c, c1);
    DoubleVector c11 = DoubleVector.fromArray(DOUBLES, c, c1 + 8);
    DoubleVector c20 = DoubleVector.fromArray(DOUBLES, c, c2);
    DoubleVector c21 = DoubleVector.fromArray(DOUBLES, c, c2 + 8);
    DoubleVector c30 = DoubleVector.fromArray(DOUBLES, c, c3);
    DoubleVector c31 = DoubleVector.fromArray(DOUBLES, c, c3 + 8);
    DoubleVector c40 = DoubleVector.fromArray(DOUBLES, c, c4);
    DoubleVector c41 = DoubleVector.fromArray(DOUBLES, c, c4 + 8);
    DoubleVector c50 = DoubleVector.fromArray(DOUBLES, c, c5);
    DoubleVector c51 = DoubleVector.fromArray(DOUBLES, c, c5 + 8);
    DoubleVector c60 = DoubleVector.fromArray(DOUBLES, c, c6);
    DoubleVector c61 = DoubleVector.fromArray(DOUBLES, c, c6 + 8);
    DoubleVector c70 = DoubleVector.fromArray(DOUBLES, c, c7);
    DoubleVector c71 = DoubleVector.fromArray(DOUBLES, c, c7 + 8);
    for (int p = 0, ai = aFrom, bi = bFrom; p < kc; p++, ai += 8, bi += 16) {
      DoubleVector b0 = DoubleVector.fromArray(DOUBLES, b, bi);
      DoubleVector b1 = DoubleVector.fromArray(DOUBLES, b, bi + 8);
      DoubleVector x = DoubleVector.broadcast(DOUBLES, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 6]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(DOUBLES, a[ai + 7]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    c00.intoArray(c, cFrom);
    c01.intoArray(c, cFrom + 8);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + 8);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + 8);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + 8);
    c40.intoArray(c, c4);
    c41.intoArray(c, c4 + 8);
    c50.intoArray(c, c5);
    c51.intoArray(c, c5 + 8);
    c60.intoArray(c, c6);
    c61.intoArray(c, c6 + 8);
    c70.intoArray(c, c7);
    c71.intoArray(c, c7 + 8);
  }

  /** Row panels of float32 with {@link VectorPacking}. */
  @Override
  public void pack(float[] source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, float[] into, int at) {
    VectorPacking.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, into, at);
  }

  @Override
  public String toString() {
    return "vector512";
  }
}
