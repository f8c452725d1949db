package dev.chainrule.autodiff.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The broadcasting kernels (flat, single-value, row and odometer runs; lazy broadcast views) against
 * {@link PlainLoops}, on shapes of rank 0 to 4 with extent-1 and empty axes, in both dtypes.
 */
class BroadcastKernelsTest {
  @Example
  void aBroadcastSingleValueSumsToTheSameBitsAsItsWrittenOutCopies() {
    // review finding: a shortcut summed value × count, which rounds differently and loses -0.0
    for (double value : new double[] {0.1, -0.0, 1e-300, 3.3}) {
      NdArray view = NdArray.scalar(value).broadcastTo(Shape.of(10));
      NdArray dense = NdArray.of(Shape.of(10), view.toDoubleArray());
      assertEquals(
          Double.doubleToLongBits(dense.sum(Axes.all()).item()),
          Double.doubleToLongBits(view.sum(Axes.all()).item()),
          "sum of " + value + " broadcast to [10]");
    }
  }

  @Example
  void getFlatOnAViewOfOneValueChecksThePosition() {
    NdArray view = NdArray.scalar(0.1).broadcastTo(Shape.of(10));
    assertEquals(0.1, view.getFlat(9));
    assertThrows(IndexOutOfBoundsException.class, () -> view.getFlat(10));
    assertThrows(IndexOutOfBoundsException.class, () -> view.getFlat(-1));
  }


  /** Two arrays of one dtype whose shapes broadcast together, each possibly passed as a broadcast view. */
  record Pair(NdArray a, NdArray b, boolean viewA, boolean viewB) {
    Shape shape() {
      return Shape.broadcast("test", a.shape(), b.shape());
    }

    /** The operands as the kernels get them: dense, or broadcast views of the common shape. */
    NdArray left() {
      return viewA ? a.broadcastTo(shape()) : a;
    }

    NdArray right() {
      return viewB ? b.broadcastTo(shape()) : b;
    }
  }

  @Property(tries = 300)
  void arithmeticMatchesElementByElementLoops(@ForAll("pairs") Pair p, @ForAll Arithmetic op) {
    NdArray expected = PlainLoops.zip(p.a(), p.b(), op::apply);
    assertEquals(expected, apply(op, p.left(), p.right()));
  }

  @Property(tries = 200)
  void zipAndCompareMatchElementByElementLoops(@ForAll("pairs") Pair p, @ForAll Comparison relation) {
    DoubleBinaryOperator f = (x, y) -> x * 2 - y;
    assertEquals(PlainLoops.zip(p.a(), p.b(), f), p.left().zip(p.right(), f));
    assertEquals(
        PlainLoops.zip(p.a(), p.b(), (x, y) -> relation.test(x, y) ? 1 : 0), p.left().compare(p.right(), relation));
  }

  @Property(tries = 200)
  void whereMatchesElementByElementLoops(@ForAll("pairs") Pair p, @ForAll boolean maskFirst) {
    NdArray mask = (maskFirst ? p.a() : p.b()).compare(NdArray.scalar(0, p.a().dtype()), Comparison.GREATER);
    Shape shape = p.shape();
    double[] m = PlainLoops.broadcast(mask, shape);
    double[] x = PlainLoops.broadcast(p.a(), shape);
    double[] y = PlainLoops.broadcast(p.b(), shape);
    double[] out = new double[shape.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = m[i] != 0 ? x[i] : y[i];
    }
    NdArray viewMask = p.viewA() ? mask.broadcastTo(shape) : mask;
    assertEquals(NdArray.of(shape, out).to(p.a().dtype()), NdArray.where(viewMask, p.left(), p.right()));
  }

  @Property(tries = 200)
  void broadcastViewReadsLikeItsElementByElementCopy(@ForAll("pairs") Pair p) {
    Shape shape = p.shape();
    NdArray view = p.a().broadcastTo(shape);
    NdArray expected = NdArray.of(shape, PlainLoops.broadcast(p.a(), shape)).to(p.a().dtype());
    assertEquals(expected, view);
    assertEquals(expected.hashCode(), view.hashCode());
    assertArrayEquals(expected.toFloatArray(), view.toFloatArray());
    assertEquals(expected.toString(), view.toString());
    assertEquals(expected.to(DType.FLOAT64), view.to(DType.FLOAT64));
    assertEquals(expected.map(Math::exp), view.map(Math::exp));
    assertEquals(expected.reshape(Shape.of(shape.size())), view.reshape(Shape.of(shape.size())));
    for (int i = 0; i < shape.size(); i++) {
      assertEquals(expected.getFlat(i), view.getFlat(i));
    }
    if (shape.rank() > 0) {
      int end = Math.min(1, shape.dim(-1));
      assertEquals(expected.slice(-1, 0, end), view.slice(-1, 0, end));
    }
  }

  @Property(tries = 100)
  void broadcastOfABroadcastViewReadsTheOriginal(@ForAll("pairs") Pair p, @ForAll boolean leadingAxis) {
    Shape shape = p.shape();
    Shape wider = leadingAxis ? Shape.of(prepend(2, shape.toArray())) : shape;
    NdArray twice = p.b().broadcastTo(shape).broadcastTo(wider);
    assertEquals(NdArray.of(wider, PlainLoops.broadcast(p.b(), wider)).to(p.b().dtype()), twice);
  }

  @Property(tries = 100)
  void matmulReadsBroadcastViews(@ForAll("dtypes") DType dtype, @ForAll("extents") int m, @ForAll("extents") int n) {
    NdArray row = NdArray.uniform(Shape.of(1, 3), dtype, -1, 1, new java.util.Random(m * 7L + n));
    NdArray rows = row.broadcastTo(Shape.of(m, 3));
    NdArray other = NdArray.uniform(Shape.of(3, n), dtype, -1, 1, new java.util.Random(n));
    NdArray dense = NdArray.of(Shape.of(m, 3), PlainLoops.broadcast(row, Shape.of(m, 3))).to(dtype);
    assertEquals(dense.matmul(other), rows.matmul(other));
  }

  @Property(tries = 300)
  void sumMatchesPlainLoopInTheSameOrder(@ForAll("arrays") NdArray x, @ForAll("flags") List<Boolean> flags, @ForAll boolean keep) {
    boolean[] reduced = new boolean[x.rank()];
    int[] axes = new int[x.rank()];
    int count = 0;
    for (int a = 0; a < x.rank(); a++) {
      reduced[a] = flags.get(a);
      if (reduced[a]) {
        axes[count++] = a;
      }
    }
    Axes chosen = keep ? Axes.keep(java.util.Arrays.copyOf(axes, count)) : Axes.of(java.util.Arrays.copyOf(axes, count));
    boolean[] all = count == 0 ? allTrue(x.rank()) : reduced;
    NdArray expected = PlainLoops.sum(x, all).reshape(chosen.reducedShape(x.shape(), "sum"));
    assertEquals(expected, x.sum(chosen));
  }

  @Property(tries = 200)
  void sumOfABroadcastViewMatchesThePlainLoop(@ForAll("pairs") Pair p, @ForAll("flags") List<Boolean> flags) {
    Shape shape = p.shape();
    NdArray view = p.b().broadcastTo(shape);
    NdArray dense = NdArray.of(shape, PlainLoops.broadcast(p.b(), shape)).to(p.b().dtype());
    boolean[] reduced = new boolean[shape.rank()];
    boolean any = false;
    for (int a = 0; a < shape.rank(); a++) {
      reduced[a] = flags.get(a);
      any |= reduced[a];
    }
    reduced = any ? reduced : allTrue(shape.rank());
    NdArray expected = PlainLoops.sum(dense, reduced);
    NdArray actual = view.sum(keptAxes(reduced));
    assertEquals(expected.shape(), actual.shape());
    assertTrue(expected.allClose(actual, 0, 1e-12), () -> expected + " vs " + actual);
  }

  private static NdArray apply(Arithmetic op, NdArray a, NdArray b) {
    switch (op) {
      case ADD: return a.add(b);
      case SUB: return a.sub(b);
      case MUL: return a.mul(b);
      default: return a.div(b);
    }
  }

  private static Axes keptAxes(boolean[] reduced) {
    int[] axes = new int[reduced.length];
    int count = 0;
    for (int a = 0; a < reduced.length; a++) {
      if (reduced[a]) {
        axes[count++] = a;
      }
    }
    return Axes.keep(java.util.Arrays.copyOf(axes, count));
  }

  private static boolean[] allTrue(int rank) {
    boolean[] out = new boolean[rank];
    java.util.Arrays.fill(out, true);
    return out;
  }

  private static int[] prepend(int extent, int[] dims) {
    int[] out = new int[dims.length + 1];
    out[0] = extent;
    System.arraycopy(dims, 0, out, 1, dims.length);
    return out;
  }

  @Provide
  Arbitrary<DType> dtypes() {
    return Arbitraries.of(DType.values());
  }

  /** Extents 1 to 5, with an occasional empty axis. */
  @Provide
  Arbitrary<Integer> extents() {
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)), Tuple.of(15, Arbitraries.integers().between(1, 5)));
  }

  @Provide
  Arbitrary<List<Boolean>> flags() {
    return Arbitraries.of(true, false).list().ofSize(5);
  }

  private Arbitrary<Shape> shapes() {
    return extents().list().ofMaxSize(4).map(dims -> Shape.of(dims.stream().mapToInt(Integer::intValue).toArray()));
  }

  /** A shape derived from {@code full} by dropping leading axes and setting some axes to 1. */
  private static Arbitrary<Shape> partOf(Shape full) {
    return Combinators.combine(
            Arbitraries.integers().between(0, full.rank()), Arbitraries.of(true, false).list().ofSize(full.rank()))
        .as((dropped, toOne) -> {
          int[] dims = new int[full.rank() - dropped];
          for (int i = 0; i < dims.length; i++) {
            dims[i] = toOne.get(i + dropped) ? 1 : full.dim(i + dropped);
          }
          return Shape.of(dims);
        });
  }

  private static Arbitrary<NdArray> values(Shape shape, DType dtype) {
    Arbitrary<Double> value = Arbitraries.oneOf(
        Arbitraries.doubles().between(-3, 3), Arbitraries.integers().between(-2, 2).map(Integer::doubleValue));
    return value.list().ofSize(shape.size())
        .map(list -> NdArray.of(shape, list.stream().mapToDouble(Double::doubleValue).toArray()).to(dtype));
  }

  @Provide
  Arbitrary<NdArray> arrays() {
    return Combinators.combine(shapes(), dtypes()).flatAs(BroadcastKernelsTest::values);
  }

  @Provide
  Arbitrary<Pair> pairs() {
    return Combinators.combine(shapes(), dtypes()).flatAs((full, dtype) -> Combinators.combine(
            partOf(full).flatMap(s -> values(s, dtype)),
            partOf(full).flatMap(s -> values(s, dtype)),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(Pair::new));
  }
}
