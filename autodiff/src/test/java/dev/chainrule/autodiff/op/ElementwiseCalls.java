package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Call generators for elementwise ops: unary, broadcasting binary, with a constant, and selections. */
final class ElementwiseCalls {
  private ElementwiseCalls() {}

  /** {@code op(x)} against {@code reference} applied to each element. */
  static Arbitrary<OpCase.Call> unary(Domain domain, UnaryOperator<Tensor> op, DoubleUnaryOperator reference) {
    return Generators.arrays(domain).map(x -> new OpCase.Call(
        "", List.of(x), xs -> op.apply(xs.get(0)), xs -> Reference.map(xs.get(0), reference)));
  }

  /** {@code op(a, b)} on shapes that broadcast together, against {@code reference} on broadcast pairs. */
  static Arbitrary<OpCase.Call> binary(
      Domain left, Domain right, BinaryOperator<Tensor> op, DoubleBinaryOperator reference) {
    return TensorArbitraries.broadcastPairs(Generators.MAX_RANK, Generators.MAX_DIM)
        .flatMap(shapes -> Combinators.combine(
                Generators.arrays(shapes.get(0), left), Generators.arrays(shapes.get(1), right))
            .as((a, b) -> new OpCase.Call(
                "",
                List.of(a, b),
                xs -> op.apply(xs.get(0), xs.get(1)),
                xs -> Reference.zip(xs.get(0), xs.get(1), reference))));
  }

  /** Like {@link #binary}, keeping every broadcast pair {@link Generators#TIE_GAP} apart (maximum, minimum). */
  static Arbitrary<OpCase.Call> binaryWithoutTies(BinaryOperator<Tensor> op, DoubleBinaryOperator reference) {
    return binary(Domain.standard(), Domain.standard(), op, reference).filter(call -> {
      NdArray gaps = Reference.zip(call.inputs().get(0), call.inputs().get(1), (a, b) -> Math.abs(a - b));
      return Reference.min(gaps.toDoubleArray()) >= Generators.TIE_GAP;
    });
  }

  /** {@code op(x, c)} for a drawn constant {@code c}, against {@code reference(x, c)} elementwise. */
  static Arbitrary<OpCase.Call> withConstant(
      Domain domain,
      Arbitrary<Double> constants,
      BiFunction<Tensor, Double, Tensor> op,
      DoubleBinaryOperator reference) {
    return Combinators.combine(Generators.arrays(domain), constants).as((x, c) -> new OpCase.Call(
        "c=" + c,
        List.of(x),
        xs -> op.apply(xs.get(0), c),
        xs -> Reference.map(xs.get(0), v -> reference.applyAsDouble(v, c))));
  }

  /** {@code clamp(min, max)} with every element {@link Generators#TIE_GAP} away from both bounds. */
  static Arbitrary<OpCase.Call> clamp() {
    Arbitrary<Double> low = Arbitraries.doubles().between(-2, 0);
    Arbitrary<Double> width = Arbitraries.doubles().between(0, 3);
    return Combinators.combine(Generators.arrays(Domain.standard()), low, width)
        .filter((x, min, w) -> awayFrom(x, min) && awayFrom(x, min + w))
        .as((x, min, w) -> new OpCase.Call(
            "min=" + min + " max=" + (min + w),
            List.of(x),
            xs -> xs.get(0).clamp(min, min + w),
            xs -> Reference.map(xs.get(0), v -> Math.min(Math.max(v, min), min + w))));
  }

  /** {@code Tensor.where(condition, a, b)} with a constant condition; all three broadcast. */
  static Arbitrary<OpCase.Call> where() {
    return Generators.shapes().flatMap(full -> Combinators.combine(
            Generators.broadcastingTo(full).flatMap(s -> Generators.arraysOf(s, 0, 1, -2.5)),
            Generators.broadcastingTo(full).flatMap(s -> Generators.arrays(s, Domain.standard())),
            Generators.broadcastingTo(full).flatMap(s -> Generators.arrays(s, Domain.standard())))
        .as((condition, a, b) -> new OpCase.Call(
            "condition=" + condition,
            List.of(a, b),
            xs -> Tensor.where(Tensor.of(condition), xs.get(0), xs.get(1)),
            xs -> Reference.where(condition, xs.get(0), xs.get(1)))));
  }

  /**
   * A comparison on broadcasting shapes with values from a small set, so that ties occur; when the
   * right side is a scalar, half the time through the {@code double} overload.
   */
  static Arbitrary<OpCase.Call> comparison(
      BinaryOperator<Tensor> op, BiFunction<Tensor, Double, Tensor> withConstant, DoubleBinaryOperator reference) {
    return Combinators.combine(
            TensorArbitraries.broadcastPairs(Generators.MAX_RANK, Generators.MAX_DIM), Arbitraries.of(true, false))
        .flatAs((shapes, viaDouble) -> Combinators.combine(
                tieProne(shapes.get(0)), tieProne(shapes.get(1)))
            .as((a, b) -> {
              boolean constant = viaDouble && b.rank() == 0;
              return new OpCase.Call(
                  constant ? "right operand as a double" : "",
                  List.of(a, b),
                  xs -> constant ? withConstant.apply(xs.get(0), xs.get(1).item()) : op.apply(xs.get(0), xs.get(1)),
                  xs -> Reference.zip(xs.get(0), xs.get(1), reference));
            }));
  }

  private static Arbitrary<NdArray> tieProne(Shape shape) {
    return Generators.arraysOf(shape, -1, 0, 0.5, 1);
  }

  private static boolean awayFrom(NdArray x, double point) {
    for (double v : x.toDoubleArray()) {
      if (Math.abs(v - point) < Generators.TIE_GAP) {
        return false;
      }
    }
    return true;
  }
}
