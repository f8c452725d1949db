package dev.chainrule.autodiff.kernel.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FusedUpdatesTest {
  @Property(tries = 100)
  void axpyIsTheComposedScaleAndAdd(@ForAll @IntRange(min = 0, max = 40) int size, @ForAll long seed) {
    Random random = new Random(seed);
    Shape shape = Shape.of(size);
    double a = random.nextGaussian();
    NdArray x = NdArray.randn(shape, DType.FLOAT64, random);
    NdArray y = NdArray.randn(shape, DType.FLOAT64, random);
    NdArray composed = Tensor.of(x).mul(a).add(Tensor.of(y)).value();
    assertEquals(composed, FusedUpdates.axpy(a, x, y)); // one rounding of a·x, one of the sum: the same bits
    NdArray fused32 = FusedUpdates.axpy(a, x.to(DType.FLOAT32), y.to(DType.FLOAT32));
    assertEquals(DType.FLOAT32, fused32.dtype());
    for (int i = 0; i < size; i++) {
      double exact = a * (float) x.getFlat(i) + (float) y.getFlat(i);
      assertEquals((float) exact, (float) fused32.getFlat(i), "element " + i);
    }
  }

  @Property(tries = 100)
  void adamMatchesAlgorithmOneOfThePaperElementByElement(
      @ForAll @IntRange(min = 1, max = 30) int size, @ForAll @IntRange(min = 1, max = 50) int step, @ForAll long seed) {
    Random random = new Random(seed);
    Shape shape = Shape.of(size);
    NdArray w = NdArray.randn(shape, DType.FLOAT64, random);
    NdArray g = NdArray.randn(shape, DType.FLOAT64, random);
    NdArray m = NdArray.randn(shape, DType.FLOAT64, random);
    NdArray v = NdArray.uniform(shape, DType.FLOAT64, 0, 2, random);
    double lr = 0.01;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    for (DType dtype : DType.values()) {
      FusedUpdates.AdamStep s = FusedUpdates.adam(
          w.to(dtype), g.to(dtype), m.to(dtype), v.to(dtype), lr, beta1, beta2, eps, c1, c2);
      double tolerance = dtype == DType.FLOAT64 ? 1e-15 : 1e-6;
      for (int i = 0; i < size; i++) {
        double gi = g.to(dtype).getFlat(i);
        double mi = beta1 * m.to(dtype).getFlat(i) + (1 - beta1) * gi;
        double vi = beta2 * v.to(dtype).getFlat(i) + (1 - beta2) * gi * gi;
        double wi = w.to(dtype).getFlat(i) - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
        assertEquals(mi, s.firstMoment().getFlat(i), tolerance * (1 + Math.abs(mi)), "m at " + i);
        assertEquals(vi, s.secondMoment().getFlat(i), tolerance * (1 + Math.abs(vi)), "v at " + i);
        assertEquals(wi, s.value().getFlat(i), tolerance * (1 + Math.abs(wi)), "w at " + i);
      }
      assertEquals(dtype, s.value().dtype());
      assertEquals(shape, s.secondMoment().shape());
    }
  }

  @Example
  void operandsOfDifferentShapesOrDTypesAreRejectedNamingTheUpdate() {
    NdArray w = NdArray.zeros(Shape.of(2, 3), DType.FLOAT32);
    assertEquals(
        "adam: operands need one shape; got [2, 3] and [3]",
        assertThrows(IllegalArgumentException.class, () -> FusedUpdates.adam(
            w, NdArray.zeros(Shape.of(3), DType.FLOAT32), w, w, 0.1, 0.9, 0.999, 1e-8, 0.1, 0.001)).getMessage());
    assertEquals(
        "axpy: dtypes differ; got float64 and float32 (convert one with to(DType))",
        assertThrows(IllegalArgumentException.class, () -> FusedUpdates.axpy(
            2, NdArray.zeros(Shape.of(2, 3), DType.FLOAT64), w)).getMessage());
  }

  @Example
  void aBroadcastViewOperandIsReadAsItsValues() {
    NdArray g = Tensor.scalar(0.5).broadcastTo(Shape.of(4)).value();
    NdArray w = NdArray.of(1, 2, 3, 4);
    assertEquals(NdArray.of(0.5, 1.5, 2.5, 3.5), FusedUpdates.axpy(-1, g, w));
  }
}
