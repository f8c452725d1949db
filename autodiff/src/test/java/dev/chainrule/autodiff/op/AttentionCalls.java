package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Calls of multi-head scaled dot-product attention: random batch, lengths, heads and head widths, with no
 * mask or an additive one shared by or particular to sequences and heads, and a plain-loop reference.
 */
final class AttentionCalls {
  private AttentionCalls() {}

  /** Attention calls; the mask (finite values, some keys hidden with −∞) is a constant of the call. */
  static Arbitrary<OpCase.Call> calls() {
    Arbitrary<int[]> sizes = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(6); // N, L, S, H, d, dv
    Arbitrary<Integer> maskKind = Arbitraries.integers().between(0, 3); // none, [1,1,L,S], [N,1,L,S], [N,H,L,S]
    return Combinators.combine(sizes, maskKind).flatAs((z, kind) -> {
      int n = z[0];
      int l = z[1];
      int s = z[2];
      int h = z[3];
      Shape mask = switch (kind) {
        case 1 -> Shape.of(1, 1, l, s);
        case 2 -> Shape.of(n, 1, l, s);
        case 3 -> Shape.of(n, h, l, s);
        default -> null;
      };
      Domain standard = Domain.standard();
      Arbitrary<NdArray> masks = mask == null ? Arbitraries.just(null)
          : Generators.arrays(mask, Domain.of(-1, 1)).map(AttentionCalls::hidingSomeKeys);
      return Combinators.combine(Generators.arrays(Shape.of(n, l, h * z[4]), standard),
              Generators.arrays(Shape.of(n, s, h * z[4]), standard),
              Generators.arrays(Shape.of(n, s, h * z[5]), standard), masks)
          .as((q, k, v, m) -> new OpCase.Call(
              "heads=" + h + " mask=" + (m == null ? "none" : m.shape()),
              List.of(q, k, v),
              xs -> m == null ? xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), h)
                  : xs.get(0).scaledDotProductAttention(xs.get(1), xs.get(2), h, Tensor.of(m.to(xs.get(0).dtype()))),
              xs -> reference(xs.get(0), xs.get(1), xs.get(2), m, h)));
    });
  }

  /** The second half alone: random weights (not rows of a softmax) {@code [N, H, L, S]} and values. */
  static Arbitrary<OpCase.Call> values() {
    Arbitrary<int[]> sizes = Arbitraries.integers().between(1, 3).array(int[].class).ofSize(5); // N, H, L, S, dv
    return sizes.flatMap(z -> Combinators.combine(
            Generators.arrays(Shape.of(z[0], z[1], z[2], z[3]), Domain.standard()),
            Generators.arrays(Shape.of(z[0], z[3], z[1] * z[4]), Domain.standard()))
        .as((p, v) -> new OpCase.Call("", List.of(p, v),
            xs -> Tensor.apply(new AttendedValues(), xs.get(0), xs.get(1)),
            xs -> values(xs.get(0), xs.get(1)))));
  }

  /** Plain loops: head {@code h} of the output is {@code P_h·V_h}. */
  private static NdArray values(NdArray p, NdArray v) {
    int n = p.shape().dim(0);
    int heads = p.shape().dim(1);
    int l = p.shape().dim(2);
    int s = p.shape().dim(3);
    int dv = v.shape().dim(2) / heads;
    double[] out = new double[n * l * heads * dv];
    for (int b = 0; b < n; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < l; i++) {
          for (int c = 0; c < dv; c++) {
            double sum = 0;
            for (int j = 0; j < s; j++) {
              sum += p.get(b, h, i, j) * v.get(b, j, h * dv + c);
            }
            out[(b * l + i) * heads * dv + h * dv + c] = sum;
          }
        }
      }
    }
    return NdArray.of(Shape.of(n, l, heads * dv), out);
  }

  /** {@code mask} with every key but the first of each row hidden (−∞) where its value is below −0.5. */
  private static NdArray hidingSomeKeys(NdArray mask) {
    double[] values = mask.toDoubleArray();
    int s = mask.shape().dim(3);
    for (int i = 0; i < values.length; i++) {
      if (i % s != 0 && values[i] < -0.5) {
        values[i] = Double.NEGATIVE_INFINITY;
      }
    }
    return NdArray.of(mask.shape(), values);
  }

  /** Plain loops in float64: head by head, {@code softmax(Q·Kᵀ / √d + mask)·V}. */
  static NdArray reference(NdArray q, NdArray k, NdArray v, NdArray mask, int heads) {
    int n = q.shape().dim(0);
    int l = q.shape().dim(1);
    int s = k.shape().dim(1);
    int d = q.shape().dim(2) / heads;
    int dv = v.shape().dim(2) / heads;
    double[] out = new double[n * l * heads * dv];
    for (int b = 0; b < n; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < l; i++) {
          double[] scores = new double[s];
          for (int j = 0; j < s; j++) {
            double dot = 0;
            for (int p = 0; p < d; p++) {
              dot += q.get(b, i, h * d + p) * k.get(b, j, h * d + p);
            }
            scores[j] = dot / Math.sqrt(d)
                + (mask == null ? 0 : mask.get(mask.shape().dim(0) == 1 ? 0 : b, mask.shape().dim(1) == 1 ? 0 : h, i, j));
          }
          double[] weights = Reference.softmax(scores);
          for (int c = 0; c < dv; c++) {
            double sum = 0;
            for (int j = 0; j < s; j++) {
              sum += weights[j] * v.get(b, j, h * dv + c);
            }
            out[(b * l + i) * heads * dv + h * dv + c] = sum;
          }
        }
      }
    }
    return NdArray.of(Shape.of(n, l, heads * dv), out);
  }
}
