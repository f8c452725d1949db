package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The softmax primitive on what the op catalogue's small arrays do not reach: rows longer than the kernel's
 * block of 16,384 elements and many rows across blocks, in both dtypes, against the plain-loop reference;
 * its fused first-order backward against the composed rule it takes while something records; and masked
 * rows and rows holding NaN.
 */
class SoftmaxTest {
  private static final int[] ROW_LENGTHS = {1, 2, 3, 63, 64, 65, 16383, 16384, 16385, 20001};

  @Property(tries = 30)
  void rowsOfAnyLengthMatchTheReferenceAndBothBackwardRulesAgree(
      @ForAll @IntRange(min = 1, max = 70) int rows, @ForAll @IntRange(min = 0, max = 9) int length,
      @ForAll boolean float32, @ForAll long seed) {
    int n = ROW_LENGTHS[length];
    Random random = new Random(seed);
    DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
    double[] values = new double[rows * n];
    Arrays.setAll(values, i -> 3 * random.nextGaussian());
    NdArray x = NdArray.of(Shape.of(rows, n), values).to(dtype);
    NdArray g = NdArray.randn(Shape.of(rows, n), DType.FLOAT64, random).to(dtype);
    Tensor y = Tensor.of(x).softmax(-1);

    double[] xs = x.toDoubleArray();
    double[] expected = new double[xs.length];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(Reference.softmax(Arrays.copyOfRange(xs, r * n, (r + 1) * n)), 0, expected, r * n, n);
    }
    double tolerance = float32 ? 1e-6 : 1e-13;
    NdArray reference = NdArray.of(Shape.of(rows, n), expected);
    assertTrue(reference.allClose(y.value().to(DType.FLOAT64), tolerance, tolerance), () -> "softmax of " + x.shape() + " " + dtype);

    Softmax op = new Softmax();
    Tensor fused;
    try (GradScope off = Autodiff.noGrad()) {
      fused = op.backward(Tensor.of(g), Tensor.of(x), y);
    }
    Tensor composed = op.jvp(Tensor.of(g), Tensor.of(x), y);
    assertTrue(composed.value().allClose(fused.value(), tolerance, tolerance), () -> "backward of " + x.shape() + " " + dtype);
  }

  @Example
  void maskedKeysGetZeroWeightAndAFullyMaskedRowOrOneWithNaNIsNaN() {
    double inf = Double.POSITIVE_INFINITY;
    for (DType dtype : DType.values()) {
      NdArray x = NdArray.of(Shape.of(3, 3), 1, -inf, 1, -inf, -inf, -inf, 1, Double.NaN, 2).to(dtype);
      double[] y = Tensor.of(x).softmax(-1).value().toDoubleArray();
      assertEquals(0.5, y[0]);
      assertEquals(0.0, y[1]);
      assertEquals(0.5, y[2]);
      for (int i = 3; i < 9; i++) {
        assertTrue(Double.isNaN(y[i]), Arrays.toString(y));
      }
    }
  }
}
