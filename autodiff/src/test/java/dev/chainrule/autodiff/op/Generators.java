package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Shape, axis and value generators shared by the op table's rows. */
final class Generators {
  /** Largest rank of generated inputs (matmul batches and permutations go one higher). */
  static final int MAX_RANK = 2;
  /** Largest extent of a generated dimension. */
  static final int MAX_DIM = 4;
  /** Minimum distance between values that must not tie (max, maximum, clamp's bounds): far above ε = 1e-6. */
  static final double TIE_GAP = 1e-3;

  private Generators() {}

  /** Shapes of rank 0 to {@link #MAX_RANK}. */
  static Arbitrary<Shape> shapes() {
    return TensorArbitraries.shapes(MAX_RANK, MAX_DIM);
  }

  /** Shapes of rank 1 to {@code maxRank} with dims up to {@code maxDim}: shapes that have an axis. */
  static Arbitrary<Shape> shapesWithAxes(int maxRank, int maxDim) {
    return Arbitraries.integers().between(1, maxRank).flatMap(r -> TensorArbitraries.shapesOfRank(r, maxDim));
  }

  /** float64 arrays of random shape over {@code domain}. */
  static Arbitrary<NdArray> arrays(Domain domain) {
    return TensorArbitraries.arrays(MAX_RANK, MAX_DIM, domain);
  }

  /** float64 arrays of {@code shape} over {@code domain}. */
  static Arbitrary<NdArray> arrays(Shape shape, Domain domain) {
    return TensorArbitraries.arrays(shape, domain);
  }

  /** float64 arrays of {@code shape} whose elements are drawn from {@code values} (to force ties). */
  static Arbitrary<NdArray> arraysOf(Shape shape, double... values) {
    return Arbitraries.of(IntStream.range(0, values.length).mapToObj(i -> values[i]).collect(Collectors.toList()))
        .list()
        .ofSize(shape.size())
        .map(list -> NdArray.of(shape, list.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  /** Shapes that broadcast to {@code full}: leading axes dropped and some axes set to 1. */
  static Arbitrary<Shape> broadcastingTo(Shape full) {
    int[] dims = full.toArray();
    return Combinators.combine(
            Arbitraries.integers().between(0, dims.length), Arbitraries.of(true, false).list().ofSize(dims.length))
        .as((dropped, toOne) -> {
          int[] out = new int[dims.length - dropped];
          for (int i = dropped; i < dims.length; i++) {
            out[i - dropped] = toOne.get(i) ? 1 : dims[i];
          }
          return Shape.of(out);
        });
  }

  /** An axis of a rank-{@code rank} shape, written negatively (counting from the end) half the time. */
  static Arbitrary<Integer> axis(int rank) {
    return Combinators.combine(Arbitraries.integers().between(0, rank - 1), Arbitraries.of(true, false))
        .as((a, negative) -> negative ? a - rank : a);
  }

  /** Distinct axes of a rank-{@code rank} shape in random order, each possibly written negatively. */
  static Arbitrary<int[]> someAxes(int rank) {
    List<Integer> all = IntStream.range(0, rank).boxed().collect(Collectors.toList());
    Arbitrary<List<Boolean>> flags = Arbitraries.of(true, false).list().ofSize(rank);
    return Combinators.combine(Arbitraries.shuffle(all), flags, flags).as((order, chosen, negative) -> order.stream()
        .filter(chosen::get)
        .mapToInt(a -> negative.get(a) ? a - rank : a)
        .toArray());
  }

  /** All axes of a rank-{@code rank} shape in random order (a permutation), each possibly written negatively. */
  static Arbitrary<int[]> allAxes(int rank) {
    List<Integer> all = IntStream.range(0, rank).boxed().collect(Collectors.toList());
    return Combinators.combine(Arbitraries.shuffle(all), Arbitraries.of(true, false).list().ofSize(rank))
        .as((order, negative) -> order.stream().mapToInt(a -> negative.get(a) ? a - rank : a).toArray());
  }

  /** {@code axis} counted from the front. */
  static int normalize(int axis, int rank) {
    return axis < 0 ? axis + rank : axis;
  }

  /** Whether all values differ pairwise by at least {@link #TIE_GAP}. */
  static boolean apart(double[] values) {
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length; j++) {
        if (Math.abs(values[i] - values[j]) < TIE_GAP) {
          return false;
        }
      }
    }
    return true;
  }
}
