package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
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
 * Multi-head scaled dot-product attention: the catalogue's checks (plain loops, finite differences to second
 * order, float32 against float64), and the fused kernel against the composition it replaces, bit for bit,
 * at sizes that cross the register tiles' edges.
 */
class AttentionPropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 40)
  void matchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("scaledDotProductAttention") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void attendedValuesMatchReferenceAndFiniteDifferences(@ForAll("op") @OpName("attendedValues") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  /**
   * Forward and the three gradients equal the composition's (split heads, divide, product, add the mask,
   * softmax, product, join heads) in every bit, in both dtypes.
   */
  @Property(tries = 30)
  void fusedEqualsComposedBitForBit(
      @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 70) int targets,
      @ForAll @IntRange(min = 1, max = 70) int sources, @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 40) int depth, @ForAll @IntRange(min = 1, max = 40) int valueDepth,
      @ForAll @IntRange(min = 0, max = 2) int maskKind, @ForAll boolean float64, @ForAll long seed) {
    DType dtype = float64 ? DType.FLOAT64 : DType.FLOAT32;
    Random random = new Random(seed);
    NdArray q = NdArray.randn(Shape.of(batch, targets, heads * depth), dtype, random);
    NdArray k = NdArray.randn(Shape.of(batch, sources, heads * depth), dtype, random);
    NdArray v = NdArray.randn(Shape.of(batch, sources, heads * valueDepth), dtype, random);
    NdArray grad = NdArray.randn(Shape.of(batch, targets, heads * valueDepth), dtype, random);
    NdArray mask = switch (maskKind) {
      case 1 -> causal(1, 1, targets, sources, dtype);
      case 2 -> causal(batch, heads, targets, sources, dtype);
      default -> null;
    };
    List<NdArray> fused = run(q, k, v, mask, grad, heads, true);
    List<NdArray> composed = run(q, k, v, mask, grad, heads, false);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(composed.get(i).toDoubleArray(), fused.get(i).toDoubleArray(),
          "output, then the gradients of q, k, v; part " + i);
    }
  }

  /**
   * Forward mode, a gradient of a gradient (the composed backwards) and vmap (the batch folded into the
   * sequences, masks shared, per sequence, or batched) agree with the composition's in float64.
   */
  @Property(tries = 25)
  void jvpSecondOrderAndVmapMatchTheComposition(
      @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 9) int targets,
      @ForAll @IntRange(min = 1, max = 9) int sources, @ForAll @IntRange(min = 1, max = 2) int heads,
      @ForAll @IntRange(min = 1, max = 5) int depth, @ForAll @IntRange(min = 0, max = 3) int maskKind, @ForAll long seed) {
    DType f64 = DType.FLOAT64;
    Random random = new Random(seed);
    List<Tensor> primals = List.of(Tensor.randn(Shape.of(batch, targets, heads * depth), f64, random),
        Tensor.randn(Shape.of(batch, sources, heads * depth), f64, random),
        Tensor.randn(Shape.of(batch, sources, heads * depth), f64, random));
    List<Tensor> tangents = List.of(Tensor.randn(primals.get(0).shape(), f64, random),
        Tensor.randn(primals.get(1).shape(), f64, random), Tensor.randn(primals.get(2).shape(), f64, random));
    Tensor mask = switch (maskKind) {
      case 1 -> Tensor.of(causal(1, 1, targets, sources, f64));
      case 2 -> Tensor.of(causal(batch, heads, targets, sources, f64));
      case 3 -> Tensor.randn(Shape.of(batch, 1, targets, sources), f64, random);
      default -> null;
    };
    java.util.function.Function<List<Tensor>, Tensor> fused = xs -> mask == null
        ? xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), heads)
        : xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), heads, mask);
    java.util.function.Function<List<Tensor>, Tensor> composed = xs -> composed(xs.get(0), xs.get(1), xs.get(2), mask, heads);
    assertClose(Autodiff.jvp(composed, primals, tangents).tangent(), Autodiff.jvp(fused, primals, tangents).tangent(), "jvp");
    // a gradient of a gradient: ∂/∂x ⟨∂f/∂x · t⟩ through the composed backwards
    for (java.util.function.Function<List<Tensor>, Tensor> f : List.of(composed, fused)) {
      List<Tensor> leaves = primals.stream().map(x -> Tensor.of(x.value()).requiresGrad()).toList();
      Tensor y = f.apply(leaves).square().sum();
      List<Tensor> grads = Autodiff.grad(y, leaves, GradOptions.creatingGraph()).asList();
      Tensor inner = grads.get(0).mul(tangents.get(0)).sum().add(grads.get(1).mul(tangents.get(1)).sum())
          .add(grads.get(2).mul(tangents.get(2)).sum());
      inner.backward();
      secondOrder.add(leaves.stream().map(x -> x.grad().value()).toList());
    }
    for (int i = 0; i < 3; i++) {
      assertClose(Tensor.of(secondOrder.get(0).get(i)), Tensor.of(secondOrder.get(1).get(i)), "second order, input " + i);
    }
    secondOrder.clear();
    // vmap over a leading axis of 2, the mask outside (shared) or inside (batched, the loop)
    List<Tensor> stacked = primals.stream().map(x -> Tensor.stack(0, x, x.mul(0.5))).toList();
    Tensor expected = Tensor.stack(0, composed.apply(primals), composed.apply(stacked.stream().map(x -> x.slice(0, 1, 2).squeeze(0)).toList()));
    assertClose(expected, Autodiff.vmap(xs -> List.of(fused.apply(xs)), List.of(0, 0, 0), List.of(0)).apply(stacked).get(0), "vmap");
    if (mask != null) {
      Tensor masks = Tensor.stack(0, mask, mask);
      Tensor batchedMask = Autodiff.vmap(xs -> List.of(xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), heads, xs.get(3))),
          List.of(0, 0, 0, 0), List.of(0)).apply(List.of(stacked.get(0), stacked.get(1), stacked.get(2), masks)).get(0);
      assertClose(expected, batchedMask, "vmap with a batched mask");
    }
  }

  private final List<List<NdArray>> secondOrder = new ArrayList<>();

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertTrue(expected.value().allClose(actual.value(), 1e-10, 1e-10), () -> what + ": " + expected.value() + " but was " + actual.value());
  }

  /** The output and the gradients of q, k and v for the output's gradient {@code grad}. */
  private static List<NdArray> run(NdArray q, NdArray k, NdArray v, NdArray mask, NdArray grad, int heads, boolean fused) {
    Tensor query = Tensor.of(q).requiresGrad();
    Tensor key = Tensor.of(k).requiresGrad();
    Tensor value = Tensor.of(v).requiresGrad();
    Tensor m = mask == null ? null : Tensor.of(mask);
    Tensor out = fused
        ? (m == null ? query.scaledDotProductAttention(key, value, heads) : query.scaledDotProductAttention(key, value, heads, m))
        : composed(query, key, value, m, heads);
    out.mul(Tensor.of(grad)).sum().backward();
    List<NdArray> results = new ArrayList<>();
    results.add(out.value());
    results.add(query.grad().value());
    results.add(key.grad().value());
    results.add(value.grad().value());
    return results;
  }

  /** The composition: heads split out, {@code softmax((Q / √d)·Kᵀ + mask)·V}, heads joined. */
  static Tensor composed(Tensor q, Tensor k, Tensor v, Tensor mask, int heads) {
    int d = q.shape().dim(2) / heads;
    Tensor scores = split(q, heads).div(Math.sqrt(d)).matmul(split(k, heads).transpose(-2, -1));
    Tensor weights = (mask == null ? scores : scores.add(mask)).softmax(-1);
    Tensor out = weights.matmul(split(v, heads)).permute(0, 2, 1, 3);
    return out.reshape(q.shape().dim(0), q.shape().dim(1), v.shape().dim(2));
  }

  private static Tensor split(Tensor x, int heads) {
    Shape s = x.shape();
    return x.reshape(s.dim(0), s.dim(1), heads, s.dim(2) / heads).permute(0, 2, 1, 3);
  }

  /** −∞ above the diagonal, 0 elsewhere, {@code [batch, heads, L, S]}. */
  private static NdArray causal(int batch, int heads, int targets, int sources, DType dtype) {
    double[] values = new double[batch * heads * targets * sources];
    for (int i = 0; i < values.length; i++) {
      int row = i / sources % targets;
      values[i] = i % sources > row ? Double.NEGATIVE_INFINITY : 0;
    }
    return NdArray.of(Shape.of(batch, heads, targets, sources), values).to(dtype);
  }

  @Example
  void badInputsNameTheOpAndTheShapes() {
    Tensor q = Tensor.zeros(Shape.of(2, 3, 8), DType.FLOAT64);
    Tensor k = Tensor.zeros(Shape.of(2, 5, 8), DType.FLOAT64);
    Tensor v = Tensor.zeros(Shape.of(2, 5, 4), DType.FLOAT64);
    assertEquals("attentionWeights: 3 heads must divide the width of queries and keys; got [2, 3, 8], [2, 5, 8]",
        message(() -> q.scaledDotProductAttention(k, Tensor.zeros(Shape.of(2, 5, 6), DType.FLOAT64), 3)));
    assertEquals("scaledDotProductAttention: keys and values must be [N, S, H·d] and [N, S, H·dv] for 2 heads; "
            + "got [2, 5, 8], [2, 4, 4]",
        message(() -> q.scaledDotProductAttention(k, Tensor.zeros(Shape.of(2, 4, 4), DType.FLOAT64), 2)));
    assertEquals("attentionWeights: queries and keys must be [N, L, H·d] and [N, S, H·d]; got [2, 3, 8], [2, 5, 6]",
        message(() -> q.scaledDotProductAttention(Tensor.zeros(Shape.of(2, 5, 6), DType.FLOAT64), v, 2)));
    Tensor mask = Tensor.zeros(Shape.of(2, 1, 5, 3), DType.FLOAT64);
    assertEquals("attentionWeights: the mask must be [1 or N, 1 or H, L, S] = [1 or 2, 1 or 2, 3, 5]; got [2, 1, 5, 3]",
        message(() -> q.scaledDotProductAttention(k, v, 2, mask)));
    assertEquals("scaledDotProductAttention: keys and values must be [N, S, H·d] and [N, S, H·dv] for 0 heads; "
            + "got [2, 5, 8], [2, 5, 4]", message(() -> q.scaledDotProductAttention(k, v, 0)));
    assertEquals("attendedValues: weights and values must be [N, H, L, S] and [N, S, H·dv]; got [2, 2, 3, 5], [2, 4, 4]",
        message(() -> Tensor.apply(new AttendedValues(), Tensor.zeros(Shape.of(2, 2, 3, 5), DType.FLOAT64),
            Tensor.zeros(Shape.of(2, 4, 4), DType.FLOAT64))));
  }

  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }
}
