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
   * Forward and the gradients of q, k, v and a finite mask equal the composition's (split heads, divide,
   * product, add the mask, softmax, product, join heads) in every bit, in both dtypes, for every mask layout.
   */
  @Property(tries = 30)
  void fusedEqualsComposedBitForBit(
      @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 70) int targets,
      @ForAll @IntRange(min = 1, max = 70) int sources, @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 40) int depth, @ForAll @IntRange(min = 1, max = 40) int valueDepth,
      @ForAll @IntRange(min = 0, max = 5) int maskKind, @ForAll boolean float64, @ForAll long seed) {
    assertFusedEqualsComposed(batch, targets, sources, heads, depth, valueDepth, maskKind, float64 ? DType.FLOAT64 : DType.FLOAT32, seed);
  }

  /** Depths past one slice of the product, two threads' worth of heads, and empty axes. */
  @Example
  void fusedEqualsComposedAtTheEdges() {
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      assertFusedEqualsComposed(1, 5, 7, 2, 300, 3, 3, dtype, 1); // d = 300: the product's depth in two slices
      assertFusedEqualsComposed(2, 128, 128, 2, 64, 64, 4, dtype, 2); // 8.4 M multiply-adds: two threads
      assertFusedEqualsComposed(2, 0, 3, 2, 4, 4, 0, dtype, 3);
      assertFusedEqualsComposed(2, 3, 0, 2, 4, 4, 0, dtype, 4);
      assertFusedEqualsComposed(0, 3, 3, 2, 4, 4, 0, dtype, 5);
    }
  }

  private static void assertFusedEqualsComposed(int batch, int targets, int sources, int heads, int depth, int valueDepth,
      int maskKind, DType dtype, long seed) {
    Random random = new Random(seed);
    NdArray q = NdArray.randn(Shape.of(batch, targets, heads * depth), dtype, random);
    NdArray k = NdArray.randn(Shape.of(batch, sources, heads * depth), dtype, random);
    NdArray v = NdArray.randn(Shape.of(batch, sources, heads * valueDepth), dtype, random);
    NdArray grad = NdArray.randn(Shape.of(batch, targets, heads * valueDepth), dtype, random);
    NdArray mask = mask(maskKind, batch, heads, targets, sources, dtype, random);
    List<NdArray> fused = run(q, k, v, mask, grad, heads, true);
    List<NdArray> composed = run(q, k, v, mask, grad, heads, false);
    for (int i = 0; i < fused.size(); i++) {
      assertArrayEquals(composed.get(i).toDoubleArray(), fused.get(i).toDoubleArray(),
          "output, then the gradients of q, k, v and the mask; part " + i);
    }
  }

  /**
   * No mask (0); causal masks shared (1) or per sequence and head (2); finite masks with some keys hidden,
   * per sequence (3), per head (4) or shared (5).
   */
  private static NdArray mask(int kind, int batch, int heads, int targets, int sources, DType dtype, Random random) {
    return switch (kind) {
      case 1 -> causal(1, 1, targets, sources, dtype);
      case 2 -> causal(batch, heads, targets, sources, dtype);
      case 3 -> finite(Shape.of(batch, 1, targets, sources), dtype, random);
      case 4 -> finite(Shape.of(1, heads, targets, sources), dtype, random);
      case 5 -> finite(Shape.of(1, 1, targets, sources), dtype, random);
      default -> null;
    };
  }

  /** Standard normal scores to add, with a tenth of the keys after the first hidden (−∞). */
  private static NdArray finite(Shape shape, DType dtype, Random random) {
    double[] values = NdArray.randn(shape, DType.FLOAT64, random).toDoubleArray();
    for (int i = 0; i < values.length; i++) {
      if (i % shape.dim(3) != 0 && random.nextInt(10) == 0) {
        values[i] = Double.NEGATIVE_INFINITY;
      }
    }
    return NdArray.of(shape, values).to(dtype);
  }

  /**
   * Forward mode (a mask's tangent included), a gradient of a gradient (the composed backwards) and vmap
   * (the batch folded into the sequences; masks shared, per sequence, or batched) agree with the
   * composition's in float64.
   */
  @Property(tries = 25)
  void jvpSecondOrderAndVmapMatchTheComposition(
      @ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 9) int targets,
      @ForAll @IntRange(min = 1, max = 9) int sources, @ForAll @IntRange(min = 1, max = 2) int heads,
      @ForAll @IntRange(min = 1, max = 5) int depth, @ForAll @IntRange(min = 0, max = 3) int maskKind, @ForAll long seed) {
    DType f64 = DType.FLOAT64;
    Random random = new Random(seed);
    List<Tensor> primals = new ArrayList<>(List.of(Tensor.randn(Shape.of(batch, targets, heads * depth), f64, random),
        Tensor.randn(Shape.of(batch, sources, heads * depth), f64, random),
        Tensor.randn(Shape.of(batch, sources, heads * depth), f64, random)));
    Tensor mask = switch (maskKind) {
      case 1 -> Tensor.of(causal(1, 1, targets, sources, f64));
      case 2 -> Tensor.of(causal(batch, heads, targets, sources, f64));
      case 3 -> Tensor.randn(Shape.of(batch, 1, targets, sources), f64, random);
      default -> null;
    };
    if (mask != null) {
      primals.add(mask);
    }
    List<Tensor> tangents = primals.stream().map(x -> Tensor.randn(x.shape(), f64, random)).toList();
    java.util.function.Function<List<Tensor>, Tensor> fused = xs -> xs.size() == 3
        ? xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), heads)
        : xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), heads, xs.get(3));
    java.util.function.Function<List<Tensor>, Tensor> composed =
        xs -> composed(xs.get(0), xs.get(1), xs.get(2), xs.size() == 3 ? null : xs.get(3), heads);
    List<Tensor> finiteTangents = maskKind == 3 ? tangents : tangents.subList(0, 3); // −∞ scores have no tangent
    List<Tensor> withTangents = maskKind == 3 ? primals : primals.subList(0, 3);
    java.util.function.Function<List<Tensor>, List<Tensor>> closeOver = xs -> mask == null || maskKind == 3 ? xs
        : List.of(xs.get(0), xs.get(1), xs.get(2), mask);
    assertClose(Autodiff.jvp(xs -> composed.apply(closeOver.apply(xs)), withTangents, finiteTangents).tangent(),
        Autodiff.jvp(xs -> fused.apply(closeOver.apply(xs)), withTangents, finiteTangents).tangent(), "jvp");
    // a gradient of a gradient: ∂/∂x ⟨∂f/∂x · t⟩ through the composed backwards
    List<List<NdArray>> secondOrder = new ArrayList<>();
    for (java.util.function.Function<List<Tensor>, Tensor> f : List.of(composed, fused)) {
      List<Tensor> leaves = withTangents.stream().map(x -> Tensor.of(x.value()).requiresGrad()).toList();
      Tensor y = f.apply(closeOver.apply(leaves)).square().sum();
      List<Tensor> grads = Autodiff.grad(y, leaves, GradOptions.creatingGraph()).asList();
      Tensor inner = Tensor.scalar(0, f64);
      for (int i = 0; i < leaves.size(); i++) {
        inner = inner.add(grads.get(i).mul(finiteTangents.get(i)).sum());
      }
      inner.backward();
      secondOrder.add(leaves.stream().map(x -> x.grad().value()).toList());
    }
    for (int i = 0; i < secondOrder.get(0).size(); i++) {
      assertClose(Tensor.of(secondOrder.get(0).get(i)), Tensor.of(secondOrder.get(1).get(i)), "second order, input " + i);
    }
    // vmap over a leading axis of 2, the mask outside (shared) or inside (batched, the loop)
    List<Tensor> stacked = primals.subList(0, 3).stream().map(x -> Tensor.stack(0, x, x.mul(0.5))).toList();
    java.util.function.Function<List<Tensor>, Tensor> member = xs -> composed(xs.get(0), xs.get(1), xs.get(2), mask, heads);
    Tensor expected = Tensor.stack(0, member.apply(primals), member.apply(stacked.stream().map(x -> x.slice(0, 1, 2).squeeze(0)).toList()));
    assertClose(expected, Autodiff.vmap(xs -> List.of(fused.apply(mask == null ? xs : List.of(xs.get(0), xs.get(1), xs.get(2), mask))),
        List.of(0, 0, 0), List.of(0)).apply(stacked).get(0), "vmap");
    if (mask != null) {
      Tensor masks = Tensor.stack(0, mask, mask);
      Tensor batchedMask = Autodiff.vmap(xs -> List.of(xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), heads, xs.get(3))),
          List.of(0, 0, 0, 0), List.of(0)).apply(List.of(stacked.get(0), stacked.get(1), stacked.get(2), masks)).get(0);
      assertClose(expected, batchedMask, "vmap with a batched mask");
    }
  }

  @Example
  void vmapOverAnEmptyBatch() {
    Tensor x = Tensor.zeros(Shape.of(0, 2, 3, 4), DType.FLOAT64);
    Tensor out = Autodiff.vmap(xs -> List.of(xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), 2)),
        List.of(0, 0, 0), List.of(0)).apply(List.of(x, x, x)).get(0);
    assertEquals(Shape.of(0, 2, 3, 4), out.shape());
  }

  private static void assertClose(Tensor expected, Tensor actual, String what) {
    assertTrue(expected.value().allClose(actual.value(), 1e-10, 1e-10), () -> what + ": " + expected.value() + " but was " + actual.value());
  }

  /** The output and the gradients of q, k, v, and of the mask when it is finite, for the output's gradient {@code grad}. */
  private static List<NdArray> run(NdArray q, NdArray k, NdArray v, NdArray mask, NdArray grad, int heads, boolean fused) {
    Tensor query = Tensor.of(q).requiresGrad();
    Tensor key = Tensor.of(k).requiresGrad();
    Tensor value = Tensor.of(v).requiresGrad();
    boolean finite = mask != null && !Arrays.stream(mask.toDoubleArray()).allMatch(x -> x == 0 || x == Double.NEGATIVE_INFINITY);
    Tensor m = mask == null ? null : finite ? Tensor.of(mask).requiresGrad() : Tensor.of(mask);
    Tensor out = fused
        ? (m == null ? query.scaledDotProductAttention(key, value, heads) : query.scaledDotProductAttention(key, value, heads, m))
        : composed(query, key, value, m, heads);
    out.mul(Tensor.of(grad)).sum().backward();
    List<NdArray> results = new ArrayList<>(List.of(out.value(), query.grad().value(), key.grad().value(), value.grad().value()));
    if (finite) {
      results.add(m.grad().value());
    }
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
    assertEquals("scaledDotProductAttention: heads must be positive; got 0", message(() -> q.scaledDotProductAttention(k, v, 0)));
    assertEquals("attendedValues: weights and values must be [N, H, L, S] and [N, S, H·dv]; got [2, 2, 3, 5], [2, 4, 4]",
        message(() -> Tensor.apply(new AttendedValues(), Tensor.zeros(Shape.of(2, 2, 3, 5), DType.FLOAT64),
            Tensor.zeros(Shape.of(2, 4, 4), DType.FLOAT64))));
  }

  private static String message(Runnable call) {
    return assertThrows(IllegalArgumentException.class, call::run).getMessage();
  }
}
