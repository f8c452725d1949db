package dev.chainrule.autodiff.kernel.gemm;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** A double-precision triple loop that the kernels are checked against, and random operands for it. */
final class GemmReference {
  private GemmReference() {}

  /** Uniform values in [-1, 1) for {@code count} elements. */
  static double[] randomDoubles(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return values;
  }

  /** Uniform float values in [-1, 1) for {@code count} elements. */
  static float[] randomFloats(int count, long seed) {
    double[] values = randomDoubles(count, seed);
    float[] floats = new float[count];
    for (int i = 0; i < count; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  /** Widens float32 values exactly. */
  static double[] widen(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /**
   * Fails unless every element of {@code c} is within {@code rtol · Σ_q |A(i,q)|·|B(q,j)|} of the exact
   * (double-precision) {@code Σ_q A(i,q)·B(q,j)}.
   */
  static void assertMatches(double[] c, double[] a, double[] b, GemmShape s, double rtol) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    if (c.length != s.batch() * m * n) {
      fail(s + ": result has " + c.length + " elements");
    }
    for (int matrix = 0; matrix < s.batch(); matrix++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          double magnitude = 0;
          for (int q = 0; q < k; q++) {
            double x = s.transposeA() ? a[matrix * m * k + q * m + i] : a[matrix * m * k + i * k + q];
            double y = s.transposeB() ? b[matrix * k * n + j * k + q] : b[matrix * k * n + q * n + j];
            sum += x * y;
            magnitude += Math.abs(x * y);
          }
          double actual = c[matrix * m * n + i * n + j];
          if (!(Math.abs(actual - sum) <= rtol * magnitude)) {
            fail(String.format("%s: C[%d][%d][%d] = %s, expected %s (Σ|ab| = %s)", s, matrix, i, j, actual, sum, magnitude));
          }
        }
      }
    }
  }
}
