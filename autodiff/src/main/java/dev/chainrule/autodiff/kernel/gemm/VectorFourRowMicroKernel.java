package dev.chainrule.autodiff.kernel.gemm;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 256-bit register tile for JDK 25 and later: 4 rows × 2 vectors, so 8 accumulators. JDK 25's JIT
 * spills a register of {@link VectorMicroKernel}'s 6-row tile, which then runs at 35 GFLOPS on a Zen 3 core
 * where this one runs at 55-65; JDK 17 keeps the 6-row tile in registers and runs it faster than this one.
 * Load this class only after {@link KernelSelection} has found the module: it links against the incubator
 * module.
 */
final class VectorFourRowMicroKernel implements MicroKernel {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;

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
  public void tile(int kc, float[] a, int aFrom, float[] b, int bFrom, float[] c, int cFrom, int ldc) {
    int c1 = cFrom + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
    FloatVector c00 = FloatVector.fromArray(FLOATS, c, cFrom), c01 = FloatVector.fromArray(FLOATS, c, cFrom + 8);
    FloatVector c10 = FloatVector.fromArray(FLOATS, c, c1), c11 = FloatVector.fromArray(FLOATS, c, c1 + 8);
    FloatVector c20 = FloatVector.fromArray(FLOATS, c, c2), c21 = FloatVector.fromArray(FLOATS, c, c2 + 8);
    FloatVector c30 = FloatVector.fromArray(FLOATS, c, c3), c31 = FloatVector.fromArray(FLOATS, c, c3 + 8);
    for (int p = 0, ai = aFrom, bi = bFrom; p < kc; p++, ai += 4, bi += 16) {
      FloatVector b0 = FloatVector.fromArray(FLOATS, b, bi), b1 = FloatVector.fromArray(FLOATS, b, bi + 8);
      FloatVector x0 = FloatVector.broadcast(FLOATS, a[ai]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      FloatVector x1 = FloatVector.broadcast(FLOATS, a[ai + 1]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      FloatVector x2 = FloatVector.broadcast(FLOATS, a[ai + 2]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      FloatVector x3 = FloatVector.broadcast(FLOATS, a[ai + 3]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
    }
    c00.intoArray(c, cFrom); c01.intoArray(c, cFrom + 8);
    c10.intoArray(c, c1); c11.intoArray(c, c1 + 8);
    c20.intoArray(c, c2); c21.intoArray(c, c2 + 8);
    c30.intoArray(c, c3); c31.intoArray(c, c3 + 8);
  }

  @Override
  public void tile(int kc, double[] a, int aFrom, double[] b, int bFrom, double[] c, int cFrom, int ldc) {
    int c1 = cFrom + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
    DoubleVector c00 = DoubleVector.fromArray(DOUBLES, c, cFrom), c01 = DoubleVector.fromArray(DOUBLES, c, cFrom + 4);
    DoubleVector c10 = DoubleVector.fromArray(DOUBLES, c, c1), c11 = DoubleVector.fromArray(DOUBLES, c, c1 + 4);
    DoubleVector c20 = DoubleVector.fromArray(DOUBLES, c, c2), c21 = DoubleVector.fromArray(DOUBLES, c, c2 + 4);
    DoubleVector c30 = DoubleVector.fromArray(DOUBLES, c, c3), c31 = DoubleVector.fromArray(DOUBLES, c, c3 + 4);
    for (int p = 0, ai = aFrom, bi = bFrom; p < kc; p++, ai += 4, bi += 8) {
      DoubleVector b0 = DoubleVector.fromArray(DOUBLES, b, bi), b1 = DoubleVector.fromArray(DOUBLES, b, bi + 4);
      DoubleVector x0 = DoubleVector.broadcast(DOUBLES, a[ai]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      DoubleVector x1 = DoubleVector.broadcast(DOUBLES, a[ai + 1]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      DoubleVector x2 = DoubleVector.broadcast(DOUBLES, a[ai + 2]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      DoubleVector x3 = DoubleVector.broadcast(DOUBLES, a[ai + 3]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
    }
    c00.intoArray(c, cFrom); c01.intoArray(c, cFrom + 4);
    c10.intoArray(c, c1); c11.intoArray(c, c1 + 4);
    c20.intoArray(c, c2); c21.intoArray(c, c2 + 4);
    c30.intoArray(c, c3); c31.intoArray(c, c3 + 4);
  }

  @Override
  public String toString() {
    return "vector256";
  }
}
