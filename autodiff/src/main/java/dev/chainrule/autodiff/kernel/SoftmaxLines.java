package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.gemm.Gemm;

/**
 * Softmax along the last axis, row by row, and its backward {@code dx = y ⊙ (g − Σ g ⊙ y)}: each row is
 * shifted by its maximum, exponentiated and divided by its sum (accumulated in double), where the
 * composition of max, subtract, exp, sum and divide makes five passes and five arrays. Rows are
 * exponentiated a block of whole rows at a time by {@link Elementwise#range}, so that float32's Vector API
 * {@code e^x} runs over many short rows (attention's rows of 64) at once. Rows are split across
 * {@link Threads}, each computed by one thread in one order, so the thread count never changes a result.
 */
public final class SoftmaxLines {
  /** Elements of whole rows exponentiated in one call. */
  private static final int BLOCK = 16384;

  private SoftmaxLines() {}

  /**
   * The softmax of each row.
   *
   * @param x the array; its last axis has {@code n} elements
   * @param n the length of a row
   * @return a new array of {@code x}'s shape and dtype
   */
  public static NdArray forward(NdArray x, int n) {
    int rows = n == 0 ? 0 : x.size() / n;
    int threads = Threads.forElements(x.size());
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.storage().f64();
      double[] out = new double[in.length];
      Threads.ranges(rows, threads, (from, to) -> forward(in, out, n, from, to));
      return NdArray.of(Storage.of(x.shape(), out));
    }
    float[] in = x.storage().f32();
    float[] out = new float[in.length];
    Threads.ranges(rows, threads, (from, to) -> forward(in, out, n, from, to));
    return NdArray.of(Storage.of(x.shape(), out));
  }

  /**
   * The backward of each row, {@code y ⊙ (g − Σ g ⊙ y)}: the Jacobian {@code diag(y) − y·yᵀ} applied to
   * {@code g} (it is symmetric, so this is also the tangent map).
   *
   * @param g the gradient of the output, shaped like {@code y}
   * @param y the softmax; its last axis has {@code n} elements
   * @param n the length of a row
   * @return a new array of {@code y}'s shape and dtype
   */
  public static NdArray backward(NdArray g, NdArray y, int n) {
    int rows = n == 0 ? 0 : y.size() / n;
    int threads = Threads.forElements(y.size());
    if (y.dtype() == DType.FLOAT64) {
      double[] gs = g.storage().f64();
      double[] ys = y.storage().f64();
      double[] out = new double[ys.length];
      Threads.ranges(rows, threads, (from, to) -> backward(gs, ys, out, n, from, to));
      return NdArray.of(Storage.of(y.shape(), out));
    }
    float[] gs = g.storage().f32();
    float[] ys = y.storage().f32();
    float[] out = new float[ys.length];
    Threads.ranges(rows, threads, (from, to) -> backward(gs, ys, out, n, from, to));
    return NdArray.of(Storage.of(y.shape(), out));
  }

  /**
   * The softmax of rows {@code from … to − 1} of {@code in} into {@code out} (which may be {@code in}), each
   * {@code n} elements long, one after another: shifted a block of rows at a time, exponentiated together,
   * then normalized.
   */
  public static void forward(double[] in, double[] out, int n, int from, int to) {
    int block = Math.max(1, BLOCK / Math.max(1, n));
    for (int first = from; first < to; first += block) {
      int last = Math.min(to, first + block);
      for (int start = first * n; start < last * n; start += n) {
        double max = max(in, start, start + n);
        for (int at = start; at < start + n; at++) {
          out[at] = in[at] - max;
        }
      }
      Elementwise.range(UnaryFunction.EXP, out, out, first * n, last * n);
      for (int start = first * n; start < last * n; start += n) {
        double total = dot(out, out, start, start + n, false);
        for (int at = start; at < start + n; at++) {
          out[at] /= total;
        }
      }
    }
  }

  /** The float32 twin of {@link #forward(double[], double[], int, int, int)}: sums in double, rounded once. */
  public static void forward(float[] in, float[] out, int n, int from, int to) {
    int block = Math.max(1, BLOCK / Math.max(1, n));
    for (int first = from; first < to; first += block) {
      int last = Math.min(to, first + block);
      for (int start = first * n; start < last * n; start += n) {
        float max = max(in, start, start + n);
        for (int at = start; at < start + n; at++) {
          out[at] = in[at] - max;
        }
      }
      Elementwise.range(UnaryFunction.EXP, out, out, first * n, last * n);
      for (int start = first * n; start < last * n; start += n) {
        float total = (float) dot(out, out, start, start + n, false);
        for (int at = start; at < start + n; at++) {
          out[at] /= total;
        }
      }
    }
  }

  /** The backward {@code y ⊙ (g − Σ g ⊙ y)} of rows {@code from … to − 1} into {@code out}, rows of {@code n} one after another. */
  private static void backward(double[] g, double[] y, double[] out, int n, int from, int to) {
    for (int start = from * n; start < to * n; start += n) {
      double d = dot(g, y, start, start + n, true);
      for (int at = start; at < start + n; at++) {
        out[at] = y[at] * (g[at] - d);
      }
    }
  }

  /** The float32 twin of {@link #backward(double[], double[], double[], int, int, int)}. */
  private static void backward(float[] g, float[] y, float[] out, int n, int from, int to) {
    for (int start = from * n; start < to * n; start += n) {
      float d = (float) dot(g, y, start, start + n, true);
      for (int at = start; at < start + n; at++) {
        out[at] = y[at] * (g[at] - d);
      }
    }
  }

  /** The largest of {@code a[from … to − 1]}: in vectors when the Vector API is selected. */
  private static double max(double[] a, int from, int to) {
    if (Gemm.vectorized()) {
      return VectorFunctions.max(a, from, to);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int at = from; at < to; at++) {
      max = Math.max(max, a[at]);
    }
    return max;
  }

  private static float max(float[] a, int from, int to) {
    if (Gemm.vectorized()) {
      return VectorFunctions.max(a, from, to);
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int at = from; at < to; at++) {
      max = Math.max(max, a[at]);
    }
    return max;
  }

  /** {@code Σ a·b} over {@code [from, to)} when {@code product}, else {@code Σ a}, in four running sums. */
  private static double dot(double[] a, double[] b, int from, int to, boolean product) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int at = from;
    for (; at + 3 < to; at += 4) {
      s0 += product ? (double) a[at] * b[at] : a[at];
      s1 += product ? (double) a[at + 1] * b[at + 1] : a[at + 1];
      s2 += product ? (double) a[at + 2] * b[at + 2] : a[at + 2];
      s3 += product ? (double) a[at + 3] * b[at + 3] : a[at + 3];
    }
    for (; at < to; at++) {
      s0 += product ? (double) a[at] * b[at] : a[at];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static double dot(float[] a, float[] b, int from, int to, boolean product) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int at = from;
    for (; at + 3 < to; at += 4) {
      s0 += product ? (double) a[at] * b[at] : a[at];
      s1 += product ? (double) a[at + 1] * b[at + 1] : a[at + 1];
      s2 += product ? (double) a[at + 2] * b[at + 2] : a[at + 2];
      s3 += product ? (double) a[at + 3] * b[at + 3] : a[at + 3];
    }
    for (; at < to; at++) {
      s0 += product ? (double) a[at] * b[at] : a[at];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
