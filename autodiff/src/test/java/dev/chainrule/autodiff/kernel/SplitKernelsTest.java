package dev.chainrule.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.SlidingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The loops that {@link Threads} splits (elementwise, reductions, standardization, patches, max shares),
 * on arrays large enough to be split on a multi-core machine, against {@link PlainLoops} or the same
 * kernel run piece by piece on pieces too small to split: equal to the bit, since every element or group
 * is still computed by one thread in one order.
 */
class SplitKernelsTest {
  private static final Shape IMAGES = Shape.of(64, 16, 28, 28); // 802,816 elements: 24 ranges of 2^15
  private final Random random = new Random(7);

  @Property(tries = 200)
  void rangesCoverEveryItemExactlyOnce(@ForAll @IntRange(max = 300) int count, @ForAll @IntRange(min = 1, max = 9) int threads) {
    AtomicIntegerArray seen = new AtomicIntegerArray(count);
    List<int[]> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    Threads.ranges(count, threads, (from, to) -> {
      calls.add(new int[] {from, to});
      for (int i = from; i < to; i++) {
        seen.incrementAndGet(i);
      }
    });
    for (int i = 0; i < count; i++) {
      assertEquals(1, seen.get(i), "item " + i);
    }
    assertTrue(calls.size() <= Math.max(1, Math.min(threads, count)), "one range per thread at most");
  }

  @Example
  void threadsForAnArrayGrowWithItsSizeUpToTheSetting() {
    assertEquals(1, Threads.forElements(10));
    assertEquals(1, Threads.forElements(Threads.ELEMENTS_PER_THREAD));
    assertEquals(Math.min(Threads.configured(), 24), Threads.forElements(24L * Threads.ELEMENTS_PER_THREAD));
  }

  @Example
  void largeBroadcastArithmeticMatchesPlainLoops() {
    for (DType dtype : DType.values()) {
      NdArray x = NdArray.uniform(IMAGES, dtype, -2, 2, random);
      for (Shape other : List.of(IMAGES, Shape.of(16, 1, 1), Shape.of(64, 1, 28, 28), Shape.of(1, 16, 1, 28), Shape.of())) {
        NdArray y = NdArray.uniform(other, dtype, 0.5, 2, random);
        for (Arithmetic op : Arithmetic.values()) {
          NdArray expected = PlainLoops.zip(x, y, op::apply);
          assertEquals(expected, Elementwise.arithmetic(x, Elementwise.broadcast(y, IMAGES), op), op + " with " + other + ", " + dtype);
          assertEquals(PlainLoops.zip(y, x, op::apply), Elementwise.arithmetic(Elementwise.broadcast(y, IMAGES), x, op),
              op + " of " + other + " with the images, " + dtype);
        }
      }
    }
  }

  @Example
  void largeUnaryLoopsMatchTheirElementwiseDefinition() {
    for (DType dtype : DType.values()) {
      NdArray x = NdArray.uniform(IMAGES, dtype, -3, 3, random);
      double[] in = x.toDoubleArray();
      double[] relu = new double[in.length];
      double[] square = new double[in.length];
      double[] positive = new double[in.length];
      for (int i = 0; i < in.length; i++) {
        relu[i] = Math.max(in[i], 0);
        square[i] = in[i] * in[i];
        positive[i] = in[i] > 0 ? 1 : 0;
      }
      assertEquals(NdArray.of(IMAGES, relu).to(dtype), Elementwise.apply(x, UnaryFunction.RELU), "relu, " + dtype);
      assertEquals(dtype == DType.FLOAT64 ? NdArray.of(IMAGES, square) : PlainLoops.zip(x, x, (a, b) -> (float) a * (float) b),
          Elementwise.power(x, 2), "square, " + dtype);
      assertEquals(NdArray.of(IMAGES, positive).to(dtype),
          Comparisons.compare(x, Elementwise.broadcast(NdArray.scalar(0).to(dtype), IMAGES), dev.chainrule.autodiff.op.Comparison.GREATER),
          "x > 0, " + dtype);
    }
  }

  @Example
  void largeReductionsMatchPlainLoops() {
    for (DType dtype : DType.values()) {
      NdArray x = NdArray.uniform(IMAGES, dtype, -1, 1, random);
      for (boolean[] reduced : List.of(
          new boolean[] {true, false, true, true},    // a bias gradient: reduced, kept, reduced
          new boolean[] {false, false, true, true},   // trailing
          new boolean[] {true, false, false, false},  // leading
          new boolean[] {false, true, false, false})) { // kept, reduced, kept
        Axes axes = axesOf(reduced);
        NdArray expected = Movement.reshape(PlainLoops.sum(x, reduced), axes.reducedShape(IMAGES, "sum"));
        assertEquals(expected, Reductions.sum(x, axes), java.util.Arrays.toString(reduced) + ", " + dtype);
      }
    }
  }

  @Example
  void largeStandardizationAndItsProjectionMatchOneGroupAtATime() {
    for (DType dtype : DType.values()) {
      NdArray x = NdArray.uniform(IMAGES, dtype, -1, 3, random);
      NdArray v = NdArray.uniform(IMAGES, dtype, -1, 1, random);
      NdArray y = Standardization.standardize(x, 64, 16, 784, 1e-5);
      double[] scale = Standardization.inverseDeviations(Standardization.moments(x, 64, 16, 784)[1], 1e-5);
      NdArray projected = Standardization.project(v, y, scale, 64, 16, 784);
      for (int c = 0; c < 16; c += 5) {
        // channel c alone, [64, 1, 784]: too small to split
        NdArray xc = Movement.slice(Movement.reshape(x, Shape.of(64, 16, 784)), 1, c, c + 1);
        NdArray vc = Movement.slice(Movement.reshape(v, Shape.of(64, 16, 784)), 1, c, c + 1);
        NdArray yc = Standardization.standardize(xc, 64, 1, 784, 1e-5);
        assertEquals(yc, Movement.slice(Movement.reshape(y, Shape.of(64, 16, 784)), 1, c, c + 1), "standardized channel " + c + ", " + dtype);
        NdArray expected = Standardization.project(vc, yc, new double[] {scale[c]}, 64, 1, 784);
        assertEquals(expected, Movement.slice(Movement.reshape(projected, Shape.of(64, 16, 784)), 1, c, c + 1), "projected channel " + c + ", " + dtype);
      }
    }
  }

  @Example
  void largeProjectionIsTheStandardizationsJacobianApplied() {
    // (v − mean(v) − y·mean(v·y))·scale, composed of the plain loops in float64
    NdArray x = NdArray.uniform(Shape.of(8, 4, 100), DType.FLOAT64, -1, 3, random);
    NdArray v = NdArray.uniform(Shape.of(8, 4, 100), DType.FLOAT64, -1, 1, random);
    NdArray y = Standardization.standardize(x, 8, 4, 100, 1e-5);
    double[] scale = Standardization.inverseDeviations(Standardization.moments(x, 8, 4, 100)[1], 1e-5);
    NdArray projected = Standardization.project(v, y, scale, 8, 4, 100);
    boolean[] reduced = {true, false, true};
    double n = 800;
    double[] meanV = PlainLoops.sum(v, reduced).toDoubleArray();
    double[] meanVy = PlainLoops.sum(PlainLoops.zip(v, y, (a, b) -> a * b), reduced).toDoubleArray();
    for (int o = 0; o < 8; o++) {
      for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 100; i++) {
          double expected = (v.get(o, k, i) - meanV[k] / n - y.get(o, k, i) * meanVy[k] / n) * scale[k];
          assertEquals(expected, projected.get(o, k, i), 1e-13, "element " + o + ", " + k + ", " + i);
        }
      }
    }
  }

  @Example
  void largePatchesMatchThePatchesOfEachImage() {
    SlidingWindow window = new SlidingWindow(3, 3, 2, 1, 1, 0, 1, 2);
    for (DType dtype : DType.values()) {
      NdArray images = NdArray.uniform(Shape.of(64, 4, 28, 28), dtype, -1, 1, random);
      NdArray columns = Patches.unfold(images, window);
      NdArray folded = Patches.fold(columns, 28, 28, window);
      for (int n = 0; n < 64; n += 21) {
        NdArray one = Movement.slice(images, 0, n, n + 1);
        NdArray oneColumns = Patches.unfold(one, window);
        assertEquals(oneColumns, Movement.slice(columns, 0, n, n + 1), "columns of image " + n + ", " + dtype);
        assertEquals(Patches.fold(oneColumns, 28, 28, window), Movement.slice(folded, 0, n, n + 1), "folded image " + n + ", " + dtype);
      }
    }
  }

  @Example
  void largeMaxSharesMatchThoseOfEachRow() {
    for (DType dtype : DType.values()) {
      // [64·16, 4, 196]: a pool's windows on the middle axis, with ties from rounding to a grid
      NdArray x = Elementwise.map(NdArray.uniform(Shape.of(1024, 4, 196), dtype, 0, 4, random), Math::rint);
      Axes window = Axes.of(1);
      NdArray max = Reductions.max(x, window);
      NdArray shares = MaxShares.of(x, max, window);
      for (int row = 0; row < 1024; row += 333) {
        NdArray xr = Movement.slice(x, 0, row, row + 1);
        NdArray expected = MaxShares.of(xr, Reductions.max(xr, window), window);
        assertEquals(expected, Movement.slice(shares, 0, row, row + 1), "row " + row + ", " + dtype);
      }
    }
  }

  private static Axes axesOf(boolean[] reduced) {
    return Axes.of(java.util.stream.IntStream.range(0, reduced.length).filter(a -> reduced[a]).toArray());
  }
}
