package dev.chainrule.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Comparison;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Example;

/**
 * The loops of {@link Elementwise#apply}, {@link Elementwise#power} and the scalar comparisons give, bit for
 * bit, what the function applied one element at a time gives, in both dtypes, on signed zeros, infinities,
 * NaN, tiny and large values and random ones.
 */
class UnaryLoopsTest {
  private static final Map<UnaryFunction, DoubleUnaryOperator> DEFINITIONS = new EnumMap<>(Map.ofEntries(
      Map.entry(UnaryFunction.NEG, v -> -v),
      Map.entry(UnaryFunction.ABS, Math::abs),
      Map.entry(UnaryFunction.EXP, Math::exp),
      Map.entry(UnaryFunction.LOG, Math::log),
      Map.entry(UnaryFunction.LOG1P, Math::log1p),
      Map.entry(UnaryFunction.SIN, Math::sin),
      Map.entry(UnaryFunction.COS, Math::cos),
      Map.entry(UnaryFunction.TANH, SpecialFunctions::tanh),
      Map.entry(UnaryFunction.SIGMOID, v -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
      Map.entry(UnaryFunction.RELU, v -> v <= 0 ? 0.0 : v),
      Map.entry(UnaryFunction.ERF, SpecialFunctions::erf)));

  private static NdArray values(DType dtype) {
    double[] special = {0.0, -0.0, 1, -1, 0.5, -2.5, 1e-300, -1e-300, 1e300, -1e300, 700, -700,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE};
    Random random = new Random(3);
    double[] all = new double[special.length + 200];
    System.arraycopy(special, 0, all, 0, special.length);
    for (int i = special.length; i < all.length; i++) {
      all[i] = random.nextGaussian() * (i % 3 == 0 ? 30 : 1);
    }
    return NdArray.of(Shape.of(all.length), all).to(dtype);
  }

  @Example
  void everyFunctionAgreesWithItsDefinitionBitForBit() {
    assertEquals(UnaryFunction.values().length, DEFINITIONS.size(), "a definition per function");
    for (DType dtype : DType.values()) {
      NdArray x = values(dtype);
      DEFINITIONS.forEach((f, definition) ->
          assertBitwiseEqual(x.map(definition), Elementwise.apply(x, f), f + " in " + dtype));
    }
  }

  @Example
  void powersAgreeWithMathPowBitForBit() {
    for (DType dtype : DType.values()) {
      NdArray x = values(dtype);
      for (double p : new double[] {1, 2, 0.5, -1, -0.5, 3, 3.7, 0}) {
        assertBitwiseEqual(x.map(v -> Math.pow(v, p)), Elementwise.power(x, p), "x^" + p + " in " + dtype);
      }
    }
  }

  @Example
  void comparisonsWithOneValueAgreeWithTheRelation() {
    for (DType dtype : DType.values()) {
      NdArray x = values(dtype);
      for (Comparison relation : Comparison.values()) {
        for (double c : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
          NdArray expected = x.map(v -> relation.test(v, c) ? 1 : 0);
          assertBitwiseEqual(expected, Comparisons.compare(x, NdArray.scalar(c, dtype), relation), relation + " " + c);
        }
      }
    }
  }

  private static void assertBitwiseEqual(NdArray expected, NdArray actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what);
    assertEquals(expected.dtype(), actual.dtype(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(Double.doubleToLongBits(expected.getFlat(i)), Double.doubleToLongBits(actual.getFlat(i)),
          what + " at " + i + ": expected " + expected.getFlat(i) + ", got " + actual.getFlat(i));
    }
  }
}
