package dev.chainrule.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
import dev.chainrule.autodiff.op.Comparison;
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
      NdArray view = Elementwise.broadcast(NdArray.scalar(value), Shape.of(10));
      assertTrue(view.storage().isView(), "a scalar broadcast to [10] is a view");
      NdArray dense = NdArray.of(Shape.of(10), view.toDoubleArray());
      assertEquals(
          Double.doubleToLongBits(Reductions.sum(dense, Axes.all()).item()),
          Double.doubleToLongBits(Reductions.sum(view, Axes.all()).item()),
          "sum of " + value + " broadcast to [10]");
    }
  }

  @Example
  void getFlatOnAViewOfOneValueChecksThePosition() {
    NdArray view = Elementwise.broadcast(NdArray.scalar(0.1), Shape.of(10));
    assertTrue(view.storage().isView(), "a scalar broadcast to [10] is a view");
    assertEquals(0.1, view.getFlat(9));
    assertThrows(IndexOutOfBoundsException.class, () -> view.getFlat(10));
    assertThrows(IndexOutOfBoundsException.class, () -> view.getFlat(-1));
  }


  /**
   * Two arrays of one dtype whose shapes broadcast together, each passed to the kernels broadcast to the
   * common shape: as a lazy view, or written out densely.
   */
  record Pair(NdArray a, NdArray b, boolean viewA, boolean viewB) {
    Shape shape() {
      return Shape.broadcast("test", a.shape(), b.shape());
    }

    /** The operands as the kernels get them: broadcast views of the common shape, or their dense copies. */
    NdArray left() {
      return operand(a, shape(), viewA);
    }

    NdArray right() {
      return operand(b, shape(), viewB);
    }
  }

  /** {@code x} broadcast to {@code shape}: the lazy view when {@code view}, else that view written out densely. */
  static NdArray operand(NdArray x, Shape shape, boolean view) {
    NdArray broadcast = Elementwise.broadcast(x, shape);
    return view ? broadcast : dense(broadcast);
  }

  /** A dense copy of {@code x} in its dtype, built from its elements in row-major order. */
  static NdArray dense(NdArray x) {
    return x.dtype() == DType.FLOAT64
        ? NdArray.of(x.shape(), x.toDoubleArray())
        : NdArray.ofFloats(x.shape(), x.toFloatArray());
  }

  @Property(tries = 300)
  void arithmeticMatchesElementByElementLoops(@ForAll("pairs") Pair p, @ForAll Arithmetic op) {
    NdArray expected = PlainLoops.zip(p.a(), p.b(), op::apply);
    assertEquals(expected, Elementwise.arithmetic(p.left(), p.right(), op));
  }

  @Property(tries = 200)
  void zipAndCompareMatchElementByElementLoops(@ForAll("pairs") Pair p, @ForAll Comparison relation) {
    DoubleBinaryOperator f = (x, y) -> x * 2 - y;
    assertEquals(PlainLoops.zip(p.a(), p.b(), f), Elementwise.zip(p.left(), p.right(), f));
    assertEquals(
        PlainLoops.zip(p.a(), p.b(), (x, y) -> relation.test(x, y) ? 1 : 0),
        Comparisons.compare(p.left(), p.right(), relation));
  }

  @Property(tries = 200)
  void whereMatchesElementByElementLoops(@ForAll("pairs") Pair p, @ForAll boolean maskFirst) {
    NdArray masked = maskFirst ? p.a() : p.b();
    NdArray zero = Elementwise.broadcast(NdArray.scalar(0, p.a().dtype()), masked.shape());
    NdArray mask = Comparisons.compare(masked, zero, Comparison.GREATER);
    Shape shape = p.shape();
    double[] m = PlainLoops.broadcast(mask, shape);
    double[] x = PlainLoops.broadcast(p.a(), shape);
    double[] y = PlainLoops.broadcast(p.b(), shape);
    double[] out = new double[shape.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = m[i] != 0 ? x[i] : y[i];
    }
    NdArray viewMask = operand(mask, shape, p.viewA());
    assertEquals(NdArray.of(shape, out).to(p.a().dtype()), Elementwise.where(viewMask, p.left(), p.right()));
  }

  @Property(tries = 200)
  void broadcastViewReadsLikeItsElementByElementCopy(@ForAll("pairs") Pair p) {
    Shape shape = p.shape();
    NdArray view = Elementwise.broadcast(p.a(), shape);
    NdArray expected = NdArray.of(shape, PlainLoops.broadcast(p.a(), shape)).to(p.a().dtype());
    assertEquals(expected, view);
    assertEquals(expected.hashCode(), view.hashCode());
    assertArrayEquals(expected.toFloatArray(), view.toFloatArray());
    assertEquals(expected.toString(), view.toString());
    assertEquals(expected.to(DType.FLOAT64), view.to(DType.FLOAT64));
    assertEquals(expected.map(Math::exp), view.map(Math::exp));
    assertEquals(Movement.reshape(expected, Shape.of(shape.size())), Movement.reshape(view, Shape.of(shape.size())));
    for (int i = 0; i < shape.size(); i++) {
      assertEquals(expected.getFlat(i), view.getFlat(i));
    }
    if (shape.rank() > 0) {
      int last = shape.rank() - 1;
      int end = Math.min(1, shape.dim(last));
      assertEquals(Movement.slice(expected, last, 0, end), Movement.slice(view, last, 0, end));
    }
  }

  @Property(tries = 100)
  void broadcastOfABroadcastViewReadsTheOriginal(@ForAll("pairs") Pair p, @ForAll boolean leadingAxis) {
    Shape shape = p.shape();
    Shape wider = leadingAxis ? Shape.of(prepend(2, shape.toArray())) : shape;
    NdArray twice = Elementwise.broadcast(Elementwise.broadcast(p.b(), shape), wider);
    assertEquals(NdArray.of(wider, PlainLoops.broadcast(p.b(), wider)).to(p.b().dtype()), twice);
  }

  @Property(tries = 100)
  void matmulReadsBroadcastViews(@ForAll("dtypes") DType dtype, @ForAll("extents") int m, @ForAll("extents") int n) {
    NdArray row = NdArray.uniform(Shape.of(1, 3), dtype, -1, 1, new java.util.Random(m * 7L + n));
    NdArray rows = Elementwise.broadcast(row, Shape.of(m, 3));
    NdArray other = NdArray.uniform(Shape.of(3, n), dtype, -1, 1, new java.util.Random(n));
    NdArray dense = NdArray.of(Shape.of(m, 3), PlainLoops.broadcast(row, Shape.of(m, 3))).to(dtype);
    assertEquals(Gemm.matmul(dense, other, false, false), Gemm.matmul(rows, other, false, false));
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
    NdArray expected = Movement.reshape(PlainLoops.sum(x, all), chosen.reducedShape(x.shape(), "sum"));
    assertEquals(expected, Reductions.sum(x, chosen));
  }

  @Property(tries = 200)
  void sumOfABroadcastViewMatchesThePlainLoop(@ForAll("pairs") Pair p, @ForAll("flags") List<Boolean> flags) {
    Shape shape = p.shape();
    NdArray view = Elementwise.broadcast(p.b(), shape);
    NdArray dense = NdArray.of(shape, PlainLoops.broadcast(p.b(), shape)).to(p.b().dtype());
    boolean[] reduced = new boolean[shape.rank()];
    boolean any = false;
    for (int a = 0; a < shape.rank(); a++) {
      reduced[a] = flags.get(a);
      any |= reduced[a];
    }
    reduced = any ? reduced : allTrue(shape.rank());
    NdArray expected = PlainLoops.sum(dense, reduced);
    NdArray actual = Reductions.sum(view, keptAxes(reduced));
    assertEquals(expected.shape(), actual.shape());
    assertTrue(expected.allClose(actual, 0, 1e-12), () -> expected + " vs " + actual);
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
