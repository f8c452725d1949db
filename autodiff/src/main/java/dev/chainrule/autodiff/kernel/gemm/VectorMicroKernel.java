package dev.chainrule.autodiff.kernel.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register tiles with the JDK's Vector API ({@code jdk.incubator.vector}) for 256-bit hardware (AVX2):
 * 4 rows × 2 vectors, so 8 accumulators, 2 panel vectors and 1 broadcast stay within the 16 vector
 * registers.
 *
 * <p>The accumulators are named locals rather than an array so that the JIT keeps them in registers; a
 * 6-row tile needs 17 registers and JDK 25's JIT spills one (measured in the team's findings), so 4 rows
 * is the shape that runs well on JDK 17 and 25. Load this class only after {@link KernelSelection} has
 * found the module: it links against the incubator module.
 */
final class VectorMicroKernel implements MicroKernel {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;

  /** True when the hardware has at least 256-bit vectors, so the species above compile to single instructions. */
  static boolean supported() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
  }

  @Override
  public int rows() {
    return 4;
  }

  @Override
  public int floatColumns() {
    return 16;
  }

  @Override
  public int doubleColumns() {
    return 8;
  }

  @Override
  public void tile(
      int kc, float[] a, int aFrom, int aRowStride, int aDepthStride,
      float[] b, int bFrom, int bDepthStride, float[] c, int cFrom, int ldc) {
    int c1 = cFrom + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int a1 = aRowStride;
    int a2 = 2 * aRowStride;
    int a3 = 3 * aRowStride;
    FloatVector c00 = FloatVector.fromArray(FLOATS, c, cFrom);
    FloatVector c01 = FloatVector.fromArray(FLOATS, c, cFrom + 8);
    FloatVector c10 = FloatVector.fromArray(FLOATS, c, c1);
    FloatVector c11 = FloatVector.fromArray(FLOATS, c, c1 + 8);
    FloatVector c20 = FloatVector.fromArray(FLOATS, c, c2);
    FloatVector c21 = FloatVector.fromArray(FLOATS, c, c2 + 8);
    FloatVector c30 = FloatVector.fromArray(FLOATS, c, c3);
    FloatVector c31 = FloatVector.fromArray(FLOATS, c, c3 + 8);
    for (int p = 0, ai = aFrom, bi = bFrom; p < kc; p++, ai += aDepthStride, bi += bDepthStride) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, b, bi);
      FloatVector b1 = FloatVector.fromArray(FLOATS, b, bi + 8);
      FloatVector x = FloatVector.broadcast(FLOATS, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(FLOATS, a[ai + a1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(FLOATS, a[ai + a2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(FLOATS, a[ai + a3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, cFrom);
    c01.intoArray(c, cFrom + 8);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + 8);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + 8);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + 8);
  }

  @Override
  public void tile(
      int kc, double[] a, int aFrom, int aRowStride, int aDepthStride,
      double[] b, int bFrom, int bDepthStride, double[] c, int cFrom, int ldc) {
    int c1 = cFrom + ldc;
    int c2 = c1 + ldc;
    int c3 = c2 + ldc;
    int a1 = aRowStride;
    int a2 = 2 * aRowStride;
    int a3 = 3 * aRowStride;
    DoubleVector c00 = DoubleVector.fromArray(DOUBLES, c, cFrom);
    DoubleVector c01 = DoubleVector.fromArray(DOUBLES, c, cFrom + 4);
    DoubleVector c10 = DoubleVector.fromArray(DOUBLES, c, c1);
    DoubleVector c11 = DoubleVector.fromArray(DOUBLES, c, c1 + 4);
    DoubleVector c20 = DoubleVector.fromArray(DOUBLES, c, c2);
    DoubleVector c21 = DoubleVector.fromArray(DOUBLES, c, c2 + 4);
    DoubleVector c30 = DoubleVector.fromArray(DOUBLES, c, c3);
    DoubleVector c31 = DoubleVector.fromArray(DOUBLES, c, c3 + 4);
    for (int p = 0, ai = aFrom, bi = bFrom; p < kc; p++, ai += aDepthStride, bi += bDepthStride) {
      DoubleVector b0 = DoubleVector.fromArray(DOUBLES, b, bi);
      DoubleVector b1 = DoubleVector.fromArray(DOUBLES, b, bi + 4);
      DoubleVector x = DoubleVector.broadcast(DOUBLES, a[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(DOUBLES, a[ai + a1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(DOUBLES, a[ai + a2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(DOUBLES, a[ai + a3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, cFrom);
    c01.intoArray(c, cFrom + 4);
    c10.intoArray(c, c1);
    c11.intoArray(c, c1 + 4);
    c20.intoArray(c, c2);
    c21.intoArray(c, c2 + 4);
    c30.intoArray(c, c3);
    c31.intoArray(c, c3 + 4);
  }

  @Override
  public String toString() {
    return "vector256";
  }
}
