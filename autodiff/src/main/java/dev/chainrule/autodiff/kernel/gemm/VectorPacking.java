package dev.chainrule.autodiff.kernel.gemm;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Packing#pack} of the float32 panels of {@link Vector512MicroKernel} with 512-bit vectors: the same
 * panels, moved sixteen elements at a time where the plain loops move one. On the Xeon (Ice Lake) of
 * {@code docs/performance.md} packing took about a fifth of a transformer training step at 0.7-0.8 ns an
 * element of {@code A}.
 *
 * <p>Rows far apart in memory (an operand read as stored) are transposed in registers: eight rows × sixteen
 * depths are loaded as eight vectors and, in three rounds of two-vector shuffles, each round swapping one
 * bit of the row number into the lane number and one bit of the depth out of it, become eight vectors of
 * two depths × eight rows, the panel's layout. Rows adjacent in memory (an operand read transposed) hold
 * one depth's eight elements together; two depths are joined into one vector. Column panels of adjacent
 * columns are copied two vectors a depth. Depths and panels left over (fewer than sixteen or two depths, a
 * partial panel) go through the plain loops.
 *
 * <p>Load this class only after {@link KernelSelection} has found the module: it links against the
 * incubator module.
 */
final class VectorPacking {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
  /** Row panel width: the rows of {@link Vector512MicroKernel}. */
  static final int WIDTH = 8;
  /** Column panel width: its float32 columns. */
  static final int COLUMNS = 32;

  // Shuffles of two vectors x and y, each as a shuffle of x, one of y and a blend (the JDK 17 JIT's
  // two-vector rearrange ran ten times slower than the plain loops, and shuffles held in an object's
  // fields were not constants to it). Lane i of a NAME is lane NAME[i] of x,
  // or lane NAME[i] + 16 of y where that is negative.
  private static final int[] LOW_HALVES = {0, 1, 2, 3, 4, 5, 6, 7, -16, -15, -14, -13, -12, -11, -10, -9};
  private static final VectorShuffle<Float> LOW_HALVES_X = fromFirst(LOW_HALVES);
  private static final VectorShuffle<Float> LOW_HALVES_Y = fromSecond(LOW_HALVES);
  private static final VectorMask<Float> LOW_HALVES_MASK = takesSecond(LOW_HALVES);
  private static final int[] HIGH_HALVES = {8, 9, 10, 11, 12, 13, 14, 15, -8, -7, -6, -5, -4, -3, -2, -1};
  private static final VectorShuffle<Float> HIGH_HALVES_X = fromFirst(HIGH_HALVES);
  private static final VectorShuffle<Float> HIGH_HALVES_Y = fromSecond(HIGH_HALVES);
  private static final VectorMask<Float> HIGH_HALVES_MASK = takesSecond(HIGH_HALVES);
  private static final int[] ROUND2_EVEN = {0, 1, 2, 3, -16, -15, -14, -13, 8, 9, 10, 11, -8, -7, -6, -5};
  private static final VectorShuffle<Float> ROUND2_EVEN_X = fromFirst(ROUND2_EVEN);
  private static final VectorShuffle<Float> ROUND2_EVEN_Y = fromSecond(ROUND2_EVEN);
  private static final VectorMask<Float> ROUND2_EVEN_MASK = takesSecond(ROUND2_EVEN);
  private static final int[] ROUND2_ODD = {4, 5, 6, 7, -12, -11, -10, -9, 12, 13, 14, 15, -4, -3, -2, -1};
  private static final VectorShuffle<Float> ROUND2_ODD_X = fromFirst(ROUND2_ODD);
  private static final VectorShuffle<Float> ROUND2_ODD_Y = fromSecond(ROUND2_ODD);
  private static final VectorMask<Float> ROUND2_ODD_MASK = takesSecond(ROUND2_ODD);
  private static final int[] ROUND3_EVEN = {0, -16, 4, -12, 8, -8, 12, -4, 1, -15, 5, -11, 9, -7, 13, -3};
  private static final VectorShuffle<Float> ROUND3_EVEN_X = fromFirst(ROUND3_EVEN);
  private static final VectorShuffle<Float> ROUND3_EVEN_Y = fromSecond(ROUND3_EVEN);
  private static final VectorMask<Float> ROUND3_EVEN_MASK = takesSecond(ROUND3_EVEN);
  private static final int[] ROUND3_ODD = {2, -14, 6, -10, 10, -6, 14, -2, 3, -13, 7, -9, 11, -5, 15, -1};
  private static final VectorShuffle<Float> ROUND3_ODD_X = fromFirst(ROUND3_ODD);
  private static final VectorShuffle<Float> ROUND3_ODD_Y = fromSecond(ROUND3_ODD);
  private static final VectorMask<Float> ROUND3_ODD_MASK = takesSecond(ROUND3_ODD);

  private VectorPacking() {}

  private static VectorShuffle<Float> fromFirst(int[] lanes) {
    return VectorShuffle.fromArray(FLOATS, Arrays.stream(lanes).map(i -> Math.max(i, 0)).toArray(), 0);
  }

  private static VectorShuffle<Float> fromSecond(int[] lanes) {
    return VectorShuffle.fromArray(FLOATS, Arrays.stream(lanes).map(i -> i < 0 ? i + 16 : 0).toArray(), 0);
  }

  private static VectorMask<Float> takesSecond(int[] lanes) {
    boolean[] second = new boolean[lanes.length];
    for (int i = 0; i < lanes.length; i++) {
      second[i] = lanes[i] < 0;
    }
    return VectorMask.fromArray(FLOATS, second, 0);
  }

  /**
   * {@link Packing#pack}: the same arguments and the same result; row panels {@link #WIDTH} wide and
   * column panels {@link #COLUMNS} wide of adjacent columns with vectors, others with the plain loops.
   */
  static void pack(
      float[] source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, float[] into, int at) {
    if (width == COLUMNS && indexStride == 1) {
      columns(source, offset + from + depth * depthStride, depthStride, count, kc, into, at);
      return;
    }
    int full = width == WIDTH ? count / WIDTH * WIDTH : 0;
    for (int first = 0; first < full; first += WIDTH) {
      int start = offset + (from + first) * indexStride + depth * depthStride;
      int panel = at + first * kc;
      int done = indexStride == 1
          ? adjacentRows(source, start, depthStride, kc, into, panel)
          : distantRows(source, start, indexStride, depthStride, kc, into, panel);
      for (int p = done; p < kc; p++) {
        for (int w = 0; w < WIDTH; w++) {
          into[panel + p * WIDTH + w] = source[start + w * indexStride + p * depthStride];
        }
      }
    }
    if (full < count) {
      Packing.pack(source, offset, indexStride, depthStride, from + full, count - full, depth, kc, width, into, at + full * kc);
    }
  }

  /**
   * Column panels {@link #COLUMNS} wide of an operand whose columns are adjacent: each depth's 32 elements
   * are two vectors, copied (a call to {@code System.arraycopy} per depth cost twice as much); a partial
   * last panel goes through the plain loops.
   */
  private static void columns(float[] source, int start, int depthStride, int count, int kc, float[] into, int at) {
    int full = count / COLUMNS * COLUMNS;
    for (int first = 0; first < full; first += COLUMNS) {
      for (int p = 0, s = start + first, o = at + first * kc; p < kc; p++, s += depthStride, o += COLUMNS) {
        FloatVector.fromArray(FLOATS, source, s).intoArray(into, o);
        FloatVector.fromArray(FLOATS, source, s + 16).intoArray(into, o + 16);
      }
    }
    if (full < count) {
      Packing.pack(source, start + full, 1, depthStride, 0, count - full, 0, kc, COLUMNS, into, at + full * kc);
    }
  }

  /**
   * One panel of rows {@code indexStride} apart whose depths are adjacent ({@code depthStride} 1), sixteen
   * depths at a time; returns the depths packed.
   */
  private static int distantRows(float[] source, int start, int indexStride, int depthStride, int kc, float[] into, int panel) {
    if (depthStride != 1) {
      return 0;
    }
    int p = 0;
    for (; p + 16 <= kc; p += 16) {
      int s = start + p;
      FloatVector r0 = FloatVector.fromArray(FLOATS, source, s);
      FloatVector r1 = FloatVector.fromArray(FLOATS, source, s + indexStride);
      FloatVector r2 = FloatVector.fromArray(FLOATS, source, s + 2 * indexStride);
      FloatVector r3 = FloatVector.fromArray(FLOATS, source, s + 3 * indexStride);
      FloatVector r4 = FloatVector.fromArray(FLOATS, source, s + 4 * indexStride);
      FloatVector r5 = FloatVector.fromArray(FLOATS, source, s + 5 * indexStride);
      FloatVector r6 = FloatVector.fromArray(FLOATS, source, s + 6 * indexStride);
      FloatVector r7 = FloatVector.fromArray(FLOATS, source, s + 7 * indexStride);
      // round 1: row bit 2 for depth bit 3
      FloatVector a0 = r0.rearrange(LOW_HALVES_X).blend(r4.rearrange(LOW_HALVES_Y), LOW_HALVES_MASK);
      FloatVector a1 = r1.rearrange(LOW_HALVES_X).blend(r5.rearrange(LOW_HALVES_Y), LOW_HALVES_MASK);
      FloatVector a2 = r2.rearrange(LOW_HALVES_X).blend(r6.rearrange(LOW_HALVES_Y), LOW_HALVES_MASK);
      FloatVector a3 = r3.rearrange(LOW_HALVES_X).blend(r7.rearrange(LOW_HALVES_Y), LOW_HALVES_MASK);
      FloatVector a4 = r0.rearrange(HIGH_HALVES_X).blend(r4.rearrange(HIGH_HALVES_Y), HIGH_HALVES_MASK);
      FloatVector a5 = r1.rearrange(HIGH_HALVES_X).blend(r5.rearrange(HIGH_HALVES_Y), HIGH_HALVES_MASK);
      FloatVector a6 = r2.rearrange(HIGH_HALVES_X).blend(r6.rearrange(HIGH_HALVES_Y), HIGH_HALVES_MASK);
      FloatVector a7 = r3.rearrange(HIGH_HALVES_X).blend(r7.rearrange(HIGH_HALVES_Y), HIGH_HALVES_MASK);
      // round 2: row bit 1 for depth bit 2
      FloatVector b0 = a0.rearrange(ROUND2_EVEN_X).blend(a2.rearrange(ROUND2_EVEN_Y), ROUND2_EVEN_MASK);
      FloatVector b1 = a1.rearrange(ROUND2_EVEN_X).blend(a3.rearrange(ROUND2_EVEN_Y), ROUND2_EVEN_MASK);
      FloatVector b2 = a0.rearrange(ROUND2_ODD_X).blend(a2.rearrange(ROUND2_ODD_Y), ROUND2_ODD_MASK);
      FloatVector b3 = a1.rearrange(ROUND2_ODD_X).blend(a3.rearrange(ROUND2_ODD_Y), ROUND2_ODD_MASK);
      FloatVector b4 = a4.rearrange(ROUND2_EVEN_X).blend(a6.rearrange(ROUND2_EVEN_Y), ROUND2_EVEN_MASK);
      FloatVector b5 = a5.rearrange(ROUND2_EVEN_X).blend(a7.rearrange(ROUND2_EVEN_Y), ROUND2_EVEN_MASK);
      FloatVector b6 = a4.rearrange(ROUND2_ODD_X).blend(a6.rearrange(ROUND2_ODD_Y), ROUND2_ODD_MASK);
      FloatVector b7 = a5.rearrange(ROUND2_ODD_X).blend(a7.rearrange(ROUND2_ODD_Y), ROUND2_ODD_MASK);
      // round 3: row bit 0 for depth bit 1; lanes become (depth bit 0, row)
      int o = panel + p * WIDTH;
      b0.rearrange(ROUND3_EVEN_X).blend(b1.rearrange(ROUND3_EVEN_Y), ROUND3_EVEN_MASK).intoArray(into, o);
      b0.rearrange(ROUND3_ODD_X).blend(b1.rearrange(ROUND3_ODD_Y), ROUND3_ODD_MASK).intoArray(into, o + 16);
      b2.rearrange(ROUND3_EVEN_X).blend(b3.rearrange(ROUND3_EVEN_Y), ROUND3_EVEN_MASK).intoArray(into, o + 32);
      b2.rearrange(ROUND3_ODD_X).blend(b3.rearrange(ROUND3_ODD_Y), ROUND3_ODD_MASK).intoArray(into, o + 48);
      b4.rearrange(ROUND3_EVEN_X).blend(b5.rearrange(ROUND3_EVEN_Y), ROUND3_EVEN_MASK).intoArray(into, o + 64);
      b4.rearrange(ROUND3_ODD_X).blend(b5.rearrange(ROUND3_ODD_Y), ROUND3_ODD_MASK).intoArray(into, o + 80);
      b6.rearrange(ROUND3_EVEN_X).blend(b7.rearrange(ROUND3_EVEN_Y), ROUND3_EVEN_MASK).intoArray(into, o + 96);
      b6.rearrange(ROUND3_ODD_X).blend(b7.rearrange(ROUND3_ODD_Y), ROUND3_ODD_MASK).intoArray(into, o + 112);
    }
    return p;
  }

  /**
   * One panel of adjacent rows, a depth every {@code depthStride}, two depths at a time (each load reads
   * sixteen elements, so it stops where that would pass the array's end); returns the depths packed.
   */
  private static int adjacentRows(float[] source, int start, int depthStride, int kc, float[] into, int panel) {
    int p = 0;
    for (; p + 2 <= kc && start + (p + 1) * depthStride + 16 <= source.length; p += 2) {
      int s = start + p * depthStride;
      FloatVector.fromArray(FLOATS, source, s).rearrange(LOW_HALVES_X)
          .blend(FloatVector.fromArray(FLOATS, source, s + depthStride).rearrange(LOW_HALVES_Y), LOW_HALVES_MASK)
          .intoArray(into, panel + p * WIDTH);
    }
    return p;
  }
}
