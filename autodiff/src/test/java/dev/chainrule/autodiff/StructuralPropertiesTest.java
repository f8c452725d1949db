package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Properties of reverse mode as a whole: fan-out sums, linearity in the seed, broadcast/reduce adjointness. */
class StructuralPropertiesTest {

  @Provide
  Arbitrary<NdArray> arrays() {
    return TensorArbitraries.arrays(3, 4, Domain.standard());
  }

  @Property(tries = 100)
  void aNodeUsedTwiceGetsTheSumOfBothPaths(@ForAll("arrays") NdArray value) {
    Tensor x = Tensor.of(value).requiresGrad();
    x.mul(x).sum().backward();
    assertTrue(x.grad().value().allClose(Tensor.of(value).mul(2).value(), 1e-12, 1e-12));
  }

  @Property(tries = 100)
  void gradientsOfSeveralPathsAddUp(@ForAll("arrays") NdArray value) {
    Tensor x = Tensor.of(value).requiresGrad();
    Tensor y = x.sin().add(x.mul(3)).add(x.exp());
    y.sum().backward();
    NdArray expected = value.map(v -> Math.cos(v) + 3 + Math.exp(v));
    assertTrue(x.grad().value().allClose(expected, 1e-12, 1e-12));
  }

  @Property(tries = 100)
  void backwardIsLinearInTheSeed(
      @ForAll("arrays") NdArray value,
      @ForAll @DoubleRange(min = -2, max = 2) double alpha,
      @ForAll @DoubleRange(min = -2, max = 2) double beta) {
    Tensor x = Tensor.of(value).requiresGrad();
    Tensor y = x.tanh().mul(x).add(x.square());
    Tensor s1 = Tensor.of(NdArray.full(value.shape(), value.dtype(), 0.5)).mul(x.detach().cos());
    Tensor s2 = Tensor.of(NdArray.full(value.shape(), value.dtype(), -1.5)).add(x.detach());
    NdArray g1 = vjp(y, s1, x);
    NdArray g2 = vjp(y, s2, x);
    NdArray combined = vjp(y, s1.mul(alpha).add(s2.mul(beta)), x);
    NdArray expected = Tensor.of(g1).mul(alpha).add(Tensor.of(g2).mul(beta)).value();
    assertTrue(combined.allClose(expected, 1e-12, 1e-10), combined + " vs " + expected);
  }

  private static NdArray vjp(Tensor y, Tensor seed, Tensor x) {
    return Autodiff.grad(y, seed, List.of(x), GradOptions.retainingGraph()).get(x).value();
  }

  @Property(tries = 100)
  void broadcastThenSumToRoundTrips(@ForAll("broadcastPairs") List<Shape> pair) {
    Shape small = pair.get(0).size() <= pair.get(1).size() ? pair.get(0) : pair.get(1);
    Shape large = Shape.broadcast("test", pair.get(0), pair.get(1));
    NdArray value = NdArray.uniform(small, dev.chainrule.autodiff.array.DType.FLOAT64, -1, 1, new java.util.Random(7));
    Tensor x = Tensor.of(value);
    int copies = large.size() / small.size();
    NdArray roundTrip = x.broadcastTo(large).sumTo(small).value();
    assertTrue(roundTrip.allClose(Tensor.of(value).mul(copies).value(), 1e-12, 1e-12));
  }

  @Provide
  Arbitrary<List<Shape>> broadcastPairs() {
    return TensorArbitraries.broadcastPairs(3, 4);
  }

  @Property(tries = 50)
  void broadcastingAddSendsSummedGradientsToTheSmallerOperand(@ForAll("broadcastPairs") List<Shape> pair) {
    Tensor a = Tensor.zeros(pair.get(0), dev.chainrule.autodiff.array.DType.FLOAT64).requiresGrad();
    Tensor b = Tensor.zeros(pair.get(1), dev.chainrule.autodiff.array.DType.FLOAT64).requiresGrad();
    Tensor out = a.add(b);
    out.sum().backward();
    int total = out.size();
    assertEquals(pair.get(0), a.grad().shape());
    assertEquals(pair.get(1), b.grad().shape());
    // each element's gradient counts the copies broadcasting made of it
    assertTrue(a.grad().value().allClose(
        NdArray.full(pair.get(0), dev.chainrule.autodiff.array.DType.FLOAT64, total / pair.get(0).size()), 0, 0));
    assertTrue(b.grad().value().allClose(
        NdArray.full(pair.get(1), dev.chainrule.autodiff.array.DType.FLOAT64, total / pair.get(1).size()), 0, 0));
  }

  @Property(tries = 50)
  void gradientsAccumulateAcrossBackwardCallsUntilZeroed(@ForAll("arrays") NdArray value) {
    Tensor x = Tensor.of(value).requiresGrad();
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    assertTrue(x.grad().value().allClose(NdArray.full(value.shape(), value.dtype(), 6), 0, 0));
    x.zeroGrad();
    x.mul(3).sum().backward();
    assertTrue(x.grad().value().allClose(NdArray.full(value.shape(), value.dtype(), 3), 0, 0));
  }
}
