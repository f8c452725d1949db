package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.setGrad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class GradientClippingTest {
  /** √(Σ x²) over every element, written out independently of the library. */
  private static double norm(List<NdArray> arrays) {
    double sum = 0;
    for (NdArray a : arrays) {
      for (double x : a.toDoubleArray()) {
        sum += x * x;
      }
    }
    return Math.sqrt(sum);
  }

  @Provide
  Arbitrary<List<NdArray>> gradients() {
    return TensorArbitraries.arrays(2, 4, Domain.of(-10, 10)).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 200)
  void theGlobalNormIsTheRootOfAllSquaredElements(@ForAll("gradients") List<NdArray> gradients) {
    assertEquals(norm(gradients), GradientClipping.norm(gradients), 1e-12 * (1 + norm(gradients)));
  }

  @Property(tries = 200)
  void clippingByNormKeepsTheDirectionAndCapsTheNorm(
      @ForAll("gradients") List<NdArray> gradients, @ForAll @DoubleRange(min = 0.1, max = 20) double maxNorm) {
    List<NdArray> clipped = GradientClipping.byGlobalNorm(maxNorm).clip(gradients);
    double before = norm(gradients);
    double scale = before > maxNorm ? maxNorm / before : 1;
    assertEquals(Math.min(before, maxNorm), norm(clipped), 1e-12 * (1 + before));
    for (int i = 0; i < gradients.size(); i++) {
      assertArrayEquals(gradients.get(i).map(x -> x * scale).toDoubleArray(), clipped.get(i).toDoubleArray(), 1e-12);
    }
  }

  @Example
  void normClippingRescalesEveryParametersGradientByTheSameFactor() {
    Parameter a = Params.of(0, 0);
    Parameter b = Params.of(0.0);
    Optimizer sgd = Optimizer.create(Sgd.of(1), List.of(a, b)).withClipping(GradientClipping.byGlobalNorm(6.5));
    setGrad(a, 3, 4);
    setGrad(b, 12);
    assertEquals(13.0, GradientClipping.globalNorm(List.of(a, b)), 1e-12); // √(9 + 16 + 144)

    sgd.step(); // gradients halved: w = 0 − [1.5, 2], 0 − [6]
    assertArrayEquals(new double[] {-1.5, -2}, a.value().toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {-6}, b.value().toDoubleArray(), 1e-12);
  }

  @Example
  void gradientsWithinTheNormAndNonFiniteOnesAreLeftAlone() {
    List<NdArray> small = List.of(NdArray.of(0.3, 0.4));
    assertSame(small, GradientClipping.byGlobalNorm(0.5).clip(small));
    List<NdArray> broken = List.of(NdArray.of(Double.NaN, 1), NdArray.of(Double.POSITIVE_INFINITY));
    assertSame(broken, GradientClipping.byGlobalNorm(1).clip(broken));
  }

  @Example
  void theGlobalNormOfParametersSkipsThoseWithoutAGradient() {
    Parameter withGrad = Params.of(1, 1);
    Parameter without = Params.of(5.0);
    setGrad(withGrad, 1, -1);
    assertEquals(Math.sqrt(2), GradientClipping.globalNorm(List.of(withGrad, without)), 1e-15);
  }

  @Example
  void clippingByValueClampsEachElement() {
    List<NdArray> clipped = GradientClipping.byValue(1).clip(List.of(NdArray.of(-3, 0.5, 2), NdArray.of(Double.NaN)));
    assertArrayEquals(new double[] {-1, 0.5, 1}, clipped.get(0).toDoubleArray());
    assertTrue(Double.isNaN(clipped.get(1).item()));
  }

  @Example
  void clippingKeepsFloat32Gradients() {
    NdArray g = NdArray.of(3, 4).to(DType.FLOAT32);
    NdArray byNorm = GradientClipping.byGlobalNorm(1).clip(List.of(g)).get(0);
    NdArray byValue = GradientClipping.byValue(1).clip(List.of(g)).get(0);
    assertEquals(DType.FLOAT32, byNorm.dtype());
    assertEquals(DType.FLOAT32, byValue.dtype());
    assertArrayEquals(new double[] {0.6, 0.8}, byNorm.toDoubleArray(), 1e-7);
  }

  @Example
  void invalidThresholdsAreRejectedWithTheArgumentNamed() {
    assertEquals(
        "clip by global norm: maxNorm must be positive; got 0.0",
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(0)).getMessage());
    assertEquals(
        "clip by value: maxAbs must be positive; got -1.0",
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(-1)).getMessage());
  }

  @Example
  void clippingByNormHandlesHugeFiniteGradients() {
    List<NdArray> clipped = GradientClipping.byGlobalNorm(1).clip(List.of(NdArray.of(1e200, 1e200)));
    assertEquals(Math.sqrt(0.5), clipped.get(0).get(0), 1e-12);
    assertEquals(Math.sqrt(0.5), clipped.get(0).get(1), 1e-12);
  }
}
