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
    assertEqualsComposition(Tensor.randn(Shape.of(m, k), dtype, random), Tensor.randn(Shape.of(n, k), dtype, random),
        Tensor.randn(Shape.of(n), dtype, random), random);
  }

  /** Several 2,048-column slabs of the product, empty axes, and broadcast views as operands. */
  @Example
  void equalsTheProductPlusTheBiasAtTheEdges() {
    Random random = new Random(9);
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      assertEqualsComposition(Tensor.randn(Shape.of(9, 40), dtype, random), Tensor.randn(Shape.of(4100, 40), dtype, random),
          Tensor.randn(Shape.of(4100), dtype, random), random);
      assertEqualsComposition(Tensor.randn(Shape.of(0, 5), dtype, random), Tensor.randn(Shape.of(3, 5), dtype, random),
          Tensor.randn(Shape.of(3), dtype, random), random);
      assertEqualsComposition(Tensor.randn(Shape.of(4, 0), dtype, random), Tensor.randn(Shape.of(3, 0), dtype, random),
          Tensor.randn(Shape.of(3), dtype, random), random);
      assertEqualsComposition(Tensor.randn(Shape.of(1, 70), dtype, random).broadcastTo(Shape.of(50, 70)),
          Tensor.randn(Shape.of(1, 70), dtype, random).broadcastTo(Shape.of(40, 70)),
          Tensor.randn(Shape.of(1), dtype, random).broadcastTo(Shape.of(40)), random);
    }
  }

  /** Forward and the three gradients of {@code x.linear(w, b)} equal those of {@code x·Wᵀ + b} in every bit. */
  private static void assertEqualsComposition(Tensor xValue, Tensor wValue, Tensor bValue, Random random) {
    Tensor x = Tensor.of(xValue.value()).requiresGrad();
    Tensor w = Tensor.of(wValue.value()).requiresGrad();
    Tensor b = Tensor.of(bValue.value()).requiresGrad();
    int m = x.shape().dim(0);
    int n = w.shape().dim(0);
    DType dtype = x.dtype();
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
    Tensor bs = Tensor.randn(Shape.of(3, 6), f64, random);
    Tensor w0 = ws.slice(0, 0, 1).squeeze(0);
    Tensor biasesOnly = Autodiff.vmap(args -> List.of(args.get(0).linear(args.get(1), args.get(2))), Arrays.asList(null, null, 0), List.of(0))
        .apply(List.of(xs.slice(0, 0, 1).squeeze(0), w0, bs)).get(0);
    assertTrue(xs.slice(0, 0, 1).squeeze(0).matmul(w0.transpose(0, 1)).unsqueeze(0).add(bs.unsqueeze(1)).value()
        .allClose(biasesOnly.value(), 1e-12, 1e-12));
    Tensor weightsOnly = Autodiff.vmap(args -> List.of(args.get(0).linear(args.get(1), args.get(2))), Arrays.asList(null, 0, null), List.of(0))
        .apply(List.of(xs.slice(0, 0, 1).squeeze(0), ws, b)).get(0);
    assertTrue(xs.slice(0, 0, 1).squeeze(0).matmul(ws.transpose(-2, -1)).add(b).value().allClose(weightsOnly.value(), 1e-12, 1e-12));
  }

  @Example
  void badShapesNameTheOp() {
    Tensor x = Tensor.zeros(Shape.of(2, 3), DType.FLOAT64);
    assertEquals("linear: x, W and b must be [m, k], [n, k] and [n]; got [2, 3], [4, 2], [4]",
        assertThrows(IllegalArgumentException.class,
            () -> x.linear(Tensor.zeros(Shape.of(4, 2), DType.FLOAT64), Tensor.zeros(Shape.of(4), DType.FLOAT64))).getMessage());
  }
}
