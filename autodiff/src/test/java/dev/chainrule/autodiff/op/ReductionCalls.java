package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Call generators for reductions over random axes (negative ones too, kept or dropped) and the softmax family. */
final class ReductionCalls {
  private ReductionCalls() {}

  /** Axes as written in a call, and whether they are kept; no axes means all of them. */
  private record Choice(NdArray x, int[] axes, boolean keep) {
    Axes toAxes() {
      return keep ? Axes.keep(axes) : Axes.of(axes);
    }

    boolean[] reduced() {
      boolean[] mask = new boolean[x.rank()];
      Arrays.fill(mask, axes.length == 0);
      for (int a : axes) {
        mask[Generators.normalize(a, x.rank())] = true;
      }
      return mask;
    }

    /** Number of elements folded into each result. */
    int groupSize() {
      int n = 1;
      boolean[] mask = reduced();
      for (int a = 0; a < mask.length; a++) {
        n *= mask[a] ? x.shape().dim(a) : 1;
      }
      return n;
    }
  }

  /**
   * {@code op(x, axes)} against {@code reference} applied to each group of reduced elements, for groups of
   * at least {@code minGroup} elements.
   */
  static Arbitrary<OpCase.Call> reduction(
      Arbitrary<NdArray> arrays,
      int minGroup,
      BiFunction<Tensor, Axes, Tensor> op,
      ToDoubleFunction<double[]> reference) {
    return arrays
        .flatMap(x -> Combinators.combine(Generators.someAxes(x.rank()), Arbitraries.of(true, false))
            .as((axes, keep) -> new Choice(x, axes, keep)))
        .filter(choice -> choice.groupSize() >= minGroup)
        .map(choice -> new OpCase.Call(
            choice.toAxes().toString(),
            List.of(choice.x()),
            xs -> op.apply(xs.get(0), choice.toAxes()),
            xs -> Reference.reduce(xs.get(0), choice.reduced(), choice.keep(), reference)));
  }

  /** {@code op(x, axis)} against {@code reference} applied to every line along the axis, on rank >= 1. */
  static Arbitrary<OpCase.Call> alongAxis(
      Arbitrary<NdArray> arrays, BiFunction<Tensor, Integer, Tensor> op, UnaryOperator<double[]> reference) {
    return arrays
        .filter(x -> x.rank() > 0)
        .flatMap(x -> Generators.axis(x.rank()).map(axis -> new OpCase.Call(
            "axis=" + axis,
            List.of(x),
            xs -> op.apply(xs.get(0), axis),
            xs -> Reference.alongAxis(xs.get(0), Generators.normalize(axis, x.rank()), reference))));
  }

  /** Standard-range arrays of rank 0 to 3 (so that reduced axes need not be adjacent), dims up to 3. */
  static Arbitrary<NdArray> standard() {
    return TensorArbitraries.arrays(3, 3, Domain.standard());
  }

  /** Arrays whose elements differ pairwise by at least {@link Generators#TIE_GAP}, so max and min have no ties. */
  static Arbitrary<NdArray> distinct() {
    return standard().filter(x -> Generators.apart(x.toDoubleArray()));
  }

  /** Arrays near 0, near 1000 or near -1000: large inputs overflow a naive {@code e^x}. */
  static Arbitrary<NdArray> possiblyLarge() {
    return Arbitraries.of(0.0, 1000.0, -1000.0)
        .flatMap(offset -> TensorArbitraries.arrays(3, 3, Domain.of(offset - 3, offset + 3)));
  }
}
