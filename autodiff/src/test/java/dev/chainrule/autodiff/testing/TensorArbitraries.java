package dev.chainrule.autodiff.testing;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for shapes and float64 arrays, for property tests of ops (ours and users' own).
 *
 * <p>Shapes include rank 0; broadcast generators give shapes that differ by missing leading axes and by
 * axes of extent 1, the cases NumPy broadcasting must handle. Shipped in the autodiff test-jar.
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void myOpMatchesFiniteDifferences(@ForAll("arrays") NdArray x) {
 *   GradCheck.check(t -> Tensor.apply(new MyOp(), t), x).assertPassed();
 * }
 * @Provide Arbitrary<NdArray> arrays() { return TensorArbitraries.arrays(2, 4, Domain.standard()); }
 * }</pre>
 */
public final class TensorArbitraries {
  private TensorArbitraries() {}

  /** Shapes of rank 0 to {@code maxRank} with each dimension 1 to {@code maxDim}. */
  public static Arbitrary<Shape> shapes(int maxRank, int maxDim) {
    return Arbitraries.integers()
        .between(1, maxDim)
        .list()
        .ofMinSize(0)
        .ofMaxSize(maxRank)
        .map(TensorArbitraries::toShape);
  }

  /** Shapes of exactly {@code rank} with each dimension 1 to {@code maxDim}. */
  public static Arbitrary<Shape> shapesOfRank(int rank, int maxDim) {
    return Arbitraries.integers().between(1, maxDim).list().ofSize(rank).map(TensorArbitraries::toShape);
  }

  /** float64 arrays of {@code shape} with values drawn from {@code domain}. */
  public static Arbitrary<NdArray> arrays(Shape shape, Domain domain) {
    return Arbitraries.doubles()
        .between(domain.min(), domain.max())
        .filter(domain::admits)
        .array(double[].class)
        .ofSize(shape.size())
        .map(values -> NdArray.of(shape, values));
  }

  /** float64 arrays of random shape (rank ≤ {@code maxRank}, dims ≤ {@code maxDim}) over {@code domain}. */
  public static Arbitrary<NdArray> arrays(int maxRank, int maxDim, Domain domain) {
    return shapes(maxRank, maxDim).flatMap(s -> arrays(s, domain));
  }

  /** {@code count} float64 arrays of one shared random shape. */
  public static Arbitrary<List<NdArray>> sameShape(int count, int maxRank, int maxDim, Domain domain) {
    return shapes(maxRank, maxDim).flatMap(s -> arrays(s, domain).list().ofSize(count));
  }

  /**
   * Two shapes that broadcast together: a full shape and a second one derived from it by dropping
   * leading axes and setting some axes to 1 (in either order, so each side gets broadcast).
   */
  public static Arbitrary<List<Shape>> broadcastPairs(int maxRank, int maxDim) {
    return shapes(maxRank, maxDim).flatMap(full -> {
      Arbitrary<Integer> dropped = Arbitraries.integers().between(0, full.rank());
      Arbitrary<List<Boolean>> ones = Arbitraries.of(true, false).list().ofSize(full.rank());
      Arbitrary<Boolean> swap = Arbitraries.of(true, false);
      return Combinators.combine(dropped, ones, swap).as((drop, toOne, swapped) -> {
        int[] dims = full.toArray();
        int[] reduced = new int[dims.length - drop];
        for (int i = drop; i < dims.length; i++) {
          reduced[i - drop] = toOne.get(i) ? 1 : dims[i];
        }
        Shape other = Shape.of(reduced);
        return swapped ? List.of(other, full) : List.of(full, other);
      });
    });
  }

  /** Two float64 arrays whose shapes broadcast together (see {@link #broadcastPairs}). */
  public static Arbitrary<List<NdArray>> broadcastableArrays(int maxRank, int maxDim, Domain domain) {
    return broadcastPairs(maxRank, maxDim).flatMap(pair -> Combinators.combine(
        arrays(pair.get(0), domain), arrays(pair.get(1), domain)).as(List::of));
  }

  private static Shape toShape(List<Integer> dims) {
    int[] out = new int[dims.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dims.get(i);
    }
    return Shape.of(out);
  }

  /** The dimensions of {@code shape} as a list, for assumptions in properties. */
  public static List<Integer> dims(Shape shape) {
    List<Integer> out = new ArrayList<>();
    for (int d : shape.toArray()) {
      out.add(d);
    }
    return out;
  }
}
