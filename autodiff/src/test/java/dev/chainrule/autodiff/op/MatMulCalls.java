package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Call generators for matrix products: NumPy's {@code matmul} cases and the primitive's transpose flags. */
final class MatMulCalls {
  private MatMulCalls() {}

  /** {@code [k] @ [k]}: a dot product, a scalar. */
  static Arbitrary<OpCase.Call> vectors() {
    return dims(1).flatMap(d -> product(Shape.of(d[0]), Shape.of(d[0])));
  }

  /** {@code [m, k] @ [k]}. */
  static Arbitrary<OpCase.Call> matrixVector() {
    return dims(2).flatMap(d -> product(Shape.of(d[0], d[1]), Shape.of(d[1])));
  }

  /** {@code [k] @ [k, n]}. */
  static Arbitrary<OpCase.Call> vectorMatrix() {
    return dims(2).flatMap(d -> product(Shape.of(d[0]), Shape.of(d[0], d[1])));
  }

  /** {@code [m, k] @ [k, n]}. */
  static Arbitrary<OpCase.Call> matrices() {
    return dims(3).flatMap(d -> product(Shape.of(d[0], d[1]), Shape.of(d[1], d[2])));
  }

  /**
   * Batches whose batch axes broadcast, such as {@code [2, 1, 3, 4] @ [3, 4, 5]}: one or both sides have
   * batch axes, with missing leading axes and extents of 1.
   */
  static Arbitrary<OpCase.Call> batches() {
    Arbitrary<Shape> batch = Arbitraries.integers().between(1, 2).flatMap(r -> TensorArbitraries.shapesOfRank(r, 3));
    return Combinators.combine(batch, dims(3, 3))
        .flatAs((full, d) -> Combinators.combine(Generators.broadcastingTo(full), Generators.broadcastingTo(full))
            .filter((a, b) -> a.rank() + b.rank() > 0)
            .flatAs((a, b) -> product(withMatrix(a, d[0], d[1]), withMatrix(b, d[1], d[2]))));
  }

  /** {@code Tensor.apply(new MatMul(ta, tb), a, b)} for random flags, on matrices or equal batches. */
  static Arbitrary<OpCase.Call> primitive() {
    Arbitrary<Shape> batch = TensorArbitraries.shapes(1, 2);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(batch, dims(3), flag, flag).flatAs((s, d, ta, tb) -> {
      Shape a = ta ? withMatrix(s, d[1], d[0]) : withMatrix(s, d[0], d[1]);
      Shape b = tb ? withMatrix(s, d[2], d[1]) : withMatrix(s, d[1], d[2]);
      return Combinators.combine(Generators.arrays(a, Domain.standard()), Generators.arrays(b, Domain.standard()))
          .as((x, y) -> new OpCase.Call(
              "transposeA=" + ta + " transposeB=" + tb,
              List.of(x, y),
              xs -> Tensor.apply(new MatMul(ta, tb), xs.get(0), xs.get(1)),
              xs -> Reference.matmul(xs.get(0), xs.get(1), ta, tb)));
    });
  }

  /** {@code x·Wᵀ + b} for {@code x [m, k]}, {@code W [n, k]} and {@code b [n]}. */
  static Arbitrary<OpCase.Call> linear() {
    return dims(3).flatMap(d -> Combinators.combine(Generators.arrays(Shape.of(d[0], d[1]), Domain.standard()),
            Generators.arrays(Shape.of(d[2], d[1]), Domain.standard()), Generators.arrays(Shape.of(d[2]), Domain.standard()))
        .as((x, w, b) -> new OpCase.Call("", List.of(x, w, b),
            xs -> xs.get(0).linear(xs.get(1), xs.get(2)),
            xs -> Reference.zip(Reference.matmul(xs.get(0), xs.get(1), false, true), xs.get(2), Double::sum))));
  }

  private static Arbitrary<OpCase.Call> product(Shape a, Shape b) {
    return Combinators.combine(Generators.arrays(a, Domain.standard()), Generators.arrays(b, Domain.standard()))
        .as((x, y) -> new OpCase.Call(
            a + " @ " + b,
            List.of(x, y),
            xs -> xs.get(0).matmul(xs.get(1)),
            xs -> Reference.matmul(xs.get(0), xs.get(1))));
  }

  /** {@code count} extents from 1 to 4 (m, k, n). */
  private static Arbitrary<int[]> dims(int count) {
    return dims(count, Generators.MAX_DIM);
  }

  private static Arbitrary<int[]> dims(int count, int max) {
    return Arbitraries.integers().between(1, max).array(int[].class).ofSize(count);
  }

  private static Shape withMatrix(Shape batch, int rows, int cols) {
    int[] dims = RowMajor.insert(RowMajor.insert(batch.toArray(), batch.rank(), rows), batch.rank() + 1, cols);
    return Shape.of(dims);
  }
}
