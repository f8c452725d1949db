package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Comparison;

/**
 * {@code a relation b ? 1 : 0} for operands of one shape and dtype: an array against one value (ReLU's
 * mask) in flat loops split across {@link Threads}, other broadcast operands one {@link Walk} run at a
 * time: a max-pool's backward compares its windows {@code [N·C, k², L]} with their maxima
 * {@code [N·C, 1, L]}, runs of {@code L} against {@code L}, which the per-element route through a
 * {@code DoubleBinaryOperator} took 5 ms for (the MNIST-sized CNN's first pool).
 */
public final class Comparisons {
  private Comparisons() {}

  /**
   * {@code a relation b ? 1 : 0} for operands of one shape and dtype; an array against one value (ReLU's
   * mask) runs flat.
   */
  public static NdArray compare(NdArray a, NdArray b, Comparison relation) {
    Shape shape = a.shape();
    Storage x = a.storage().source();
    Storage y = b.storage().source();
    if (x.size() != shape.size() || y.size() != 1) {
      return walked(a, b, relation);
    }
    double c = y.get(0);
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      double[] out = new double[in.length];
      Threads.ranges(in.length, Threads.forElements(in.length), (from, to) -> compare(in, c, relation, out, from, to));
      return Storage.array(shape, out);
    }
    float[] in = x.f32();
    float[] out = new float[in.length];
    Threads.ranges(in.length, Threads.forElements(in.length), (from, to) -> compare(in, c, relation, out, from, to));
    return Storage.array(shape, out);
  }

  /**
   * {@code g · [y > 0]}, ReLU's backward from its output, in one pass: the same bits as the product by
   * the mask {@link #compare} makes ({@code −0} and NaN included), without the mask's array.
   *
   * @param g the gradient, shaped like {@code y}
   * @param y the ReLU's output
   * @return a new array of {@code y}'s shape and dtype
   */
  public static NdArray maskedByPositive(NdArray g, NdArray y) {
    Shape shape = y.shape();
    if (y.dtype() == DType.FLOAT64) {
      double[] gs = g.storage().f64();
      double[] ys = y.storage().f64();
      double[] out = new double[ys.length];
      Threads.ranges(ys.length, Threads.forElements(ys.length), (from, to) -> maskedByPositive(gs, ys, out, from, to));
      return Storage.array(shape, out);
    }
    float[] gs = g.storage().f32();
    float[] ys = y.storage().f32();
    float[] out = new float[ys.length];
    Threads.ranges(ys.length, Threads.forElements(ys.length), (from, to) -> maskedByPositive(gs, ys, out, from, to));
    return Storage.array(shape, out);
  }

  private static void maskedByPositive(double[] g, double[] y, double[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = g[i] * bit(y[i] > 0);
    }
  }

  private static void maskedByPositive(float[] g, float[] y, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = g[i] * bit(y[i] > 0);
    }
  }

  /**
   * 1 for true, 0 for false, through an int: the JIT turns an int choice into a flag instruction, while
   * a choice between two floating-point values stays a branch, which random signs mispredict (1 against
   * 6-13 ns an element for ReLU's mask).
   */
  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  /** {@code in[i] relation c ? 1 : 0} for elements {@code from … to − 1}, one loop per relation so that each compiles to a compare without a call. */
  private static void compare(double[] in, double c, Comparison relation, double[] out, int from, int to) {
    double f = c;
    if (f == c) { // the same relation in double (the float32 twin skips a widening per element: 1.2 → 0.4 ms for 800 K)
      switch (relation) {
        case GREATER: for (int i = from; i < to; i++) out[i] = bit(in[i] > f); return;
        case LESS: for (int i = from; i < to; i++) out[i] = bit(in[i] < f); return;
        default: break;
      }
    }
    switch (relation) {
      case GREATER: for (int i = from; i < to; i++) out[i] = bit(in[i] > c); return;
      case LESS: for (int i = from; i < to; i++) out[i] = bit(in[i] < c); return;
      default: for (int i = from; i < to; i++) out[i] = relation.test(in[i], c) ? 1 : 0;
    }
  }

  /** The float32 twin of {@link #compare(double[], double, Comparison, double[], int, int)}. */
  private static void compare(float[] in, double c, Comparison relation, float[] out, int from, int to) {
    float f = (float) c;
    if (f == c) { // the same relation in float (the float32 twin skips a widening per element: 1.2 → 0.4 ms for 800 K)
      switch (relation) {
        case GREATER: for (int i = from; i < to; i++) out[i] = bit(in[i] > f); return;
        case LESS: for (int i = from; i < to; i++) out[i] = bit(in[i] < f); return;
        default: break;
      }
    }
    switch (relation) {
      case GREATER: for (int i = from; i < to; i++) out[i] = bit(in[i] > c); return;
      case LESS: for (int i = from; i < to; i++) out[i] = bit(in[i] < c); return;
      default: for (int i = from; i < to; i++) out[i] = relation.test(in[i], c) ? 1 : 0;
    }
  }

  /** The comparison of {@code a} with {@code b}, one shape and dtype (either may be a broadcast view), by walk runs. */
  private static NdArray walked(NdArray a, NdArray b, Comparison relation) {
    Shape shape = a.shape();
    Storage x = a.storage().source();
    Storage y = b.storage().source();
    Walk w = Walk.over(shape, x, y);
    if (x.dtype() == DType.FLOAT64) {
      double[] u = x.f64();
      double[] v = y.f64();
      double[] out = new double[shape.size()];
      for (int r = 0, o = 0; r < w.runs; r++, o += w.length, w.next()) {
        run(relation, u, w.offsets[0], w.steps[0], v, w.offsets[1], w.steps[1], out, o, w.length);
      }
      return Storage.array(shape, out);
    }
    float[] u = x.f32();
    float[] v = y.f32();
    float[] out = new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, o += w.length, w.next()) {
      run(relation, u, w.offsets[0], w.steps[0], v, w.offsets[1], w.steps[1], out, o, w.length);
    }
    return Storage.array(shape, out);
  }

  /** One run: {@code u} from {@code i} and {@code v} from {@code j}, each stepping by 0 or 1. */
  private static void run(Comparison relation, double[] u, int i, int us, double[] v, int j, int vs,
      double[] out, int o, int n) {
    if (us == 1 && vs == 1) {
      switch (relation) {
        case EQUAL: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] == v[j + k]); return;
        case GREATER: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] > v[j + k]); return;
        case LESS: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] < v[j + k]); return;
        default: break;
      }
    }
    for (int k = 0; k < n; k++) {
      out[o + k] = bit(relation.test(u[i + k * us], v[j + k * vs]));
    }
  }

  /** The float32 twin of {@link #run(Comparison, double[], int, int, double[], int, int, double[], int, int)}. */
  private static void run(Comparison relation, float[] u, int i, int us, float[] v, int j, int vs,
      float[] out, int o, int n) {
    if (us == 1 && vs == 1) {
      switch (relation) {
        case EQUAL: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] == v[j + k]); return;
        case GREATER: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] > v[j + k]); return;
        case LESS: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] < v[j + k]); return;
        default: break;
      }
    }
    for (int k = 0; k < n; k++) {
      out[o + k] = bit(relation.test(u[i + k * us], v[j + k * vs]));
    }
  }
}
