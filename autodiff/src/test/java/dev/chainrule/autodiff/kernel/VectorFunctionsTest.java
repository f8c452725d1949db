package dev.chainrule.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chainrule.autodiff.kernel.gemm.Gemm;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Example;

/**
 * The Vector API's float32 {@code e^x}, logistic and {@code tanh} give the float the plain loops give,
 * bit for bit, on 4.3 million floats spread over every exponent and sign (every 997th bit pattern), on
 * the edges of their ranges, and on the scalar tails of ranges that start and end between vector lanes;
 * float32 summed into double gives the plain loop's sums.
 * Runs where the Vector API was selected (the suite's vector pass).
 */
class VectorFunctionsTest {
  private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f, -1f,
      0.625f, -0.625f, Math.nextDown(0.625f), Math.nextUp(-0.625f), 22f, -22f, 88.72283f, 88.72284f, 89f, 89.5f,
      -87.33655f, -103.27893f, -103.97208f, -104f, -150f, 1e-8f, -1e-8f, Float.MAX_VALUE, -Float.MAX_VALUE,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

  @Example
  void expMatchesThePlainLoop() {
    check(UnaryFunction.EXP, Math::exp);
  }

  @Example
  void logisticMatchesThePlainLoop() {
    check(UnaryFunction.SIGMOID, SpecialFunctions::logistic);
  }

  @Example
  void tanhMatchesThePlainLoop() {
    check(UnaryFunction.TANH, SpecialFunctions::tanh);
  }

  /** Widening float32 into double sums gives the plain loop's sums, at every offset and length across the vectors' edges. */
  @Example
  void addWidenedMatchesThePlainLoop() {
    assumeTrue(Gemm.vectorized(), "the Vector API is not selected");
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 500; trial++) {
      int n = random.nextInt(70);
      int from = random.nextInt(20);
      int at = random.nextInt(20);
      float[] in = new float[from + n + random.nextInt(3)];
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
      }
      double[] expected = new double[at + n + 2];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = random.nextGaussian();
      }
      double[] actual = expected.clone();
      for (int j = 0; j < n; j++) {
        expected[at + j] += in[from + j];
      }
      VectorFunctions.addWidened(in, from, actual, at, n);
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, "n " + n + ", from " + from + ", at " + at);
    }
  }

  private static void check(UnaryFunction f, DoubleUnaryOperator scalar) {
    assumeTrue(Gemm.vectorized(), "the Vector API is not selected");
    int count = (int) ((1L << 32) / 997) + 1;
    float[] in = new float[count + EDGES.length];
    for (int i = 0; i < count; i++) {
      in[i] = Float.intBitsToFloat((int) (997L * i));
    }
    System.arraycopy(EDGES, 0, in, count, EDGES.length);
    float[] out = new float[in.length];
    VectorFunctions.apply(f, in, out, 0, in.length);
    assertMatches(f, scalar, in, out, 0, in.length);
    for (int from = 0; from < 3; from++) { // every alignment of the tails, edges included
      float[] shifted = new float[out.length];
      VectorFunctions.apply(f, in, shifted, count - 5 + from, in.length - from);
      assertMatches(f, scalar, in, shifted, count - 5 + from, in.length - from);
    }
  }

  private static void assertMatches(UnaryFunction f, DoubleUnaryOperator scalar, float[] in, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      float expected = (float) scalar.applyAsDouble(in[i]);
      int index = i;
      assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[i]),
          () -> f + "(" + in[index] + "): expected " + expected + "; got " + out[index]);
    }
  }
}
