package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.providers.TypeUsage;

/**
 * {@code x·Wᵀ + b} in one primitive: the catalogue's checks, and the same bits as the product followed by
 * the broadcast addition, forward and backward, on every path of the product (small, blocked over several
 * depth slices, edge tiles, two threads).
 */
class MatMulBiasTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 40)
  void matchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("linear") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void equalsTheProductPlusTheBiasBitForBit(@ForAll @IntRange(min = 1, max = 300) int m, @ForAll @IntRange(min = 1, max = 600) int k,
      @ForAll @IntRange(min = 1, max = 140) int n, @ForAll boolean float64, @ForAll long seed) {
    DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
    Random random = new Random(seed);
    Tensor x = Tensor.randn(Shape.of(m, k), dtype, random).requiresGrad();
    Tensor w = Tensor.randn(Shape.of(n, k), dtype, random).requiresGrad();
    Tensor b = Tensor.randn(Shape.of(n), dtype, random).requiresGrad();
    Tensor g = Tensor.randn(Shape.of(m, n), dtype, random);
    Tensor fused = x.linear(w, b);
    fused.mul(g).sum().backward();
    double[][] fusedGrads = {x.grad().value().toDoubleArray(), w.grad().value().toDoubleArray(), b.grad().value().toDoubleArray()};
    x.zeroGrad();
    w.zeroGrad();
    b.zeroGrad();
    Tensor composed = x.matmulTransposed(w).add(b);
    composed.mul(g).sum().backward();
    assertArrayEquals(composed.value().toDoubleArray(), fused.value().toDoubleArray(), "forward");
    assertArrayEquals(x.grad().value().toDoubleArray(), fusedGrads[0], "x's gradient");
    assertArrayEquals(w.grad().value().toDoubleArray(), fusedGrads[1], "W's gradient");
    assertArrayEquals(b.grad().value().toDoubleArray(), fusedGrads[2], "b's gradient");
  }

  @Example
  void vmapStacksTheBatchIntoTheRowsOrFallsBackToTheComposition() {
    Random random = new Random(3);
    DType f64 = DType.FLOAT64;
    Tensor xs = Tensor.randn(Shape.of(3, 5, 4), f64, random);
    Tensor ws = Tensor.randn(Shape.of(3, 6, 4), f64, random);
    Tensor b = Tensor.randn(Shape.of(6), f64, random);
    Tensor expected = xs.matmul(ws.transpose(-2, -1)).add(b);
    Tensor shared = Autodiff.vmap(args -> List.of(args.get(0).linear(args.get(1), args.get(2))), Arrays.asList(0, null, null), List.of(0))
        .apply(List.of(xs, ws.slice(0, 0, 1).squeeze(0), b)).get(0);
    assertTrue(xs.matmul(ws.slice(0, 0, 1).squeeze(0).transpose(-2, -1)).add(b).value().allClose(shared.value(), 1e-12, 1e-12));
    Tensor perMember = Autodiff.vmap(args -> List.of(args.get(0).linear(args.get(1), args.get(2))), Arrays.asList(0, 0, null), List.of(0))
        .apply(List.of(xs, ws, b)).get(0);
    assertTrue(expected.value().allClose(perMember.value(), 1e-12, 1e-12));
  }

  @Example
  void badShapesNameTheOp() {
    Tensor x = Tensor.zeros(Shape.of(2, 3), DType.FLOAT64);
    assertEquals("linear: x, W and b must be [m, k], [n, k] and [n]; got [2, 3], [4, 2], [4]",
        assertThrows(IllegalArgumentException.class,
            () -> x.linear(Tensor.zeros(Shape.of(4, 2), DType.FLOAT64), Tensor.zeros(Shape.of(4), DType.FLOAT64))).getMessage());
  }
}
