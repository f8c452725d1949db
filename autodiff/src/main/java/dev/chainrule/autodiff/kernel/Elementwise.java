package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise loops, one per dtype, that read their operands broadcast to the result's shape without
 * materialising them: a flat loop when the operands have the result's layout, a value-with-array loop
 * when one operand is a single element, else one {@link Walk} run at a time.
 */
public final class Elementwise {
  private Elementwise() {}

  /** {@code f} applied to every element, computed in double and stored in the input's dtype. */
  public static NdArray map(NdArray array, DoubleUnaryOperator f) {
    return NdArray.of(map(array.storage(), f));
  }

  private static Storage map(Storage x, DoubleUnaryOperator f) {
    return each(x, (in, out, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = f.applyAsDouble(in[i]);
      }
    }, (in, out, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = (float) f.applyAsDouble(in[i]);
      }
    });
  }

  /**
   * A loop per dtype from a dense input into a fresh array of its shape, over ranges of elements split
   * across {@link Threads} when large; a broadcast view runs it once per distinct element. Each caller
   * passes loops of its own, so the loop bodies stay monomorphic.
   */
  private static Storage each(Storage x, Loop<double[]> f64, Loop<float[]> f32) {
    if (x.isView()) {
      return Storage.broadcast(each(x.source(), f64, f32), x.shape());
    }
    int n = x.size();
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      double[] out = new double[n];
      Threads.ranges(n, Threads.forElements(n), (from, to) -> f64.run(in, out, from, to));
      return Storage.of(x.shape(), out);
    }
    float[] in = x.f32();
    float[] out = new float[n];
    Threads.ranges(n, Threads.forElements(n), (from, to) -> f32.run(in, out, from, to));
    return Storage.of(x.shape(), out);
  }

  /** An elementwise loop from {@code in} into {@code out} over elements {@code from … to − 1}. */
  @FunctionalInterface
  private interface Loop<A> {
    void run(A in, A out, int from, int to);
  }


  /** {@code f} of every element, in the input's dtype; a broadcast view is computed once per distinct element. */
  public static NdArray apply(NdArray array, UnaryFunction f) {
    return NdArray.of(apply(array.storage(), f));
  }

  /** {@code f} of every element: float64 by the plain loops, float32 by {@link #range}. */
  private static Storage apply(Storage x, UnaryFunction f) {
    return each(x, (in, out, from, to) -> apply(f, in, out, from, to), (in, out, from, to) -> range(f, in, out, from, to));
  }

  /** {@code f} of {@code in[from … to − 1]} into {@code out} at the same positions ({@code out} may be {@code in}), as {@link #apply(NdArray, UnaryFunction)} computes it. */
  public static void range(UnaryFunction f, double[] in, double[] out, int from, int to) {
    apply(f, in, out, from, to);
  }

  /**
   * {@code f} of {@code in[from … to − 1]} into {@code out} at the same positions ({@code out} may be {@code in}),
   * as {@link #apply(NdArray, UnaryFunction)} computes it: {@code e^x}, logistic and tanh by {@link VectorFunctions}
   * when the Vector API is selected (the same bits, 3-9× faster), the rest by the plain loops.
   */
  public static void range(UnaryFunction f, float[] in, float[] out, int from, int to) {
    if ((f == UnaryFunction.EXP || f == UnaryFunction.SIGMOID || f == UnaryFunction.TANH) && Gemm.vectorized()) {
      VectorFunctions.apply(f, in, out, from, to);
    } else {
      apply(f, in, out, from, to);
    }
  }

  private static void apply(UnaryFunction f, double[] in, double[] out, int from, int to) {
    switch (f) {
      case NEG: for (int i = from; i < to; i++) out[i] = -in[i]; return;
      case ABS: for (int i = from; i < to; i++) out[i] = Math.abs(in[i]); return;
      case EXP: for (int i = from; i < to; i++) out[i] = Math.exp(in[i]); return;
      case LOG: for (int i = from; i < to; i++) out[i] = Math.log(in[i]); return;
      case LOG1P: for (int i = from; i < to; i++) out[i] = Math.log1p(in[i]); return;
      case SIN: for (int i = from; i < to; i++) out[i] = Math.sin(in[i]); return;
      case COS: for (int i = from; i < to; i++) out[i] = Math.cos(in[i]); return;
      case TANH: for (int i = from; i < to; i++) out[i] = SpecialFunctions.tanh(in[i]); return;
      case SIGMOID: for (int i = from; i < to; i++) out[i] = SpecialFunctions.logistic(in[i]); return;
      case RELU: for (int i = from; i < to; i++) out[i] = Math.max(in[i], 0); return; // branch-free; NaN stays NaN, -0 becomes 0
      default: for (int i = from; i < to; i++) out[i] = SpecialFunctions.erf(in[i]);
    }
  }

  private static void apply(UnaryFunction f, float[] in, float[] out, int from, int to) {
    switch (f) {
      case NEG: for (int i = from; i < to; i++) out[i] = -in[i]; return;
      case ABS: for (int i = from; i < to; i++) out[i] = Math.abs(in[i]); return;
      case EXP: for (int i = from; i < to; i++) out[i] = (float) Math.exp(in[i]); return;
      case LOG: for (int i = from; i < to; i++) out[i] = (float) Math.log(in[i]); return;
      case LOG1P: for (int i = from; i < to; i++) out[i] = (float) Math.log1p(in[i]); return;
      case SIN: for (int i = from; i < to; i++) out[i] = (float) Math.sin(in[i]); return;
      case COS: for (int i = from; i < to; i++) out[i] = (float) Math.cos(in[i]); return;
      case TANH: for (int i = from; i < to; i++) out[i] = (float) SpecialFunctions.tanh(in[i]); return;
      case SIGMOID: for (int i = from; i < to; i++) out[i] = (float) SpecialFunctions.logistic(in[i]); return;
      case RELU: for (int i = from; i < to; i++) out[i] = Math.max(in[i], 0); return; // branch-free; NaN stays NaN, -0 becomes 0
      default: for (int i = from; i < to; i++) out[i] = (float) SpecialFunctions.erf(in[i]);
    }
  }

  /**
   * {@code x^exponent} ({@code Math.pow}'s semantics) of every element, in the input's dtype; the exponents 1
   * and 2 as a copy and a product, which {@code Math.pow} gives exactly too.
   */
  public static NdArray power(NdArray array, double exponent) {
    return NdArray.of(power(array.storage(), exponent));
  }

  private static Storage power(Storage x, double exponent) {
    return each(x, (in, out, from, to) -> power(in, exponent, out, from, to), (in, out, from, to) -> power(in, exponent, out, from, to));
  }


  private static void power(double[] in, double exponent, double[] out, int from, int to) {
    if (exponent == 1) {
      System.arraycopy(in, from, out, from, to - from);
    } else if (exponent == 2) {
      for (int i = from; i < to; i++) {
        out[i] = in[i] * in[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        out[i] = Math.pow(in[i], exponent);
      }
    }
  }

  private static void power(float[] in, double exponent, float[] out, int from, int to) {
    if (exponent == 1) {
      System.arraycopy(in, from, out, from, to - from);
    } else if (exponent == 2) {
      for (int i = from; i < to; i++) {
        out[i] = in[i] * in[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        out[i] = (float) Math.pow(in[i], exponent);
      }
    }
  }

  /**
   * {@code a ∘ b} for operands of one shape and dtype (either may be a broadcast view); a large result is
   * split into ranges of elements or runs across {@link Threads}.
   */
  public static NdArray arithmetic(NdArray a, NdArray b, Arithmetic op) {
    Shape shape = a.shape();
    Storage x = a.storage().source();
    Storage y = b.storage().source();
    int n = shape.size();
    int threads = Threads.forElements(n);
    boolean flat = x.size() == n && (y.size() == n || y.size() == 1) || x.size() == 1 && y.size() == n;
    Walk w = flat ? null : Walk.over(shape, x, y);
    if (a.dtype() == DType.FLOAT64) {
      double[] u = x.f64();
      double[] v = y.f64();
      double[] out = new double[n];
      if (flat) {
        Threads.ranges(n, threads, (from, to) -> flat(op, u, v, out, from, to));
      } else {
        Threads.ranges(w.runs, threads, (from, to) -> walk(op, w.at(from), from, to, u, v, out));
      }
      return Storage.array(shape, out);
    }
    float[] u = x.f32();
    float[] v = y.f32();
    float[] out = new float[n];
    if (flat) {
      Threads.ranges(n, threads, (from, to) -> flat(op, u, v, out, from, to));
    } else {
      Threads.ranges(w.runs, threads, (from, to) -> walk(op, w.at(from), from, to, u, v, out));
    }
    return Storage.array(shape, out);
  }

  /** Elements {@code from … to − 1} when each operand is the result's size or a single value. */
  private static void flat(Arithmetic op, double[] x, double[] y, double[] out, int from, int to) {
    if (y.length == 1 && x.length != 1) {
      op.right(x, from, y[0], out, from, to - from);
    } else if (x.length == 1 && y.length != 1) {
      op.left(x[0], y, from, out, from, to - from);
    } else {
      op.runs(x, from, y, from, out, from, to - from); // both of the result's size, or one element in all
    }
  }

  /** The float32 twin of {@link #flat(Arithmetic, double[], double[], double[], int, int)}. */
  private static void flat(Arithmetic op, float[] x, float[] y, float[] out, int from, int to) {
    if (y.length == 1 && x.length != 1) {
      op.right(x, from, y[0], out, from, to - from);
    } else if (x.length == 1 && y.length != 1) {
      op.left(x[0], y, from, out, from, to - from);
    } else {
      op.runs(x, from, y, from, out, from, to - from); // both of the result's size, or one element in all
    }
  }

  /** Runs {@code first … last − 1}, {@code w} standing at the first. */
  private static void walk(Arithmetic op, Walk w, int first, int last, double[] x, double[] y, double[] out) {
    for (int r = first, o = first * w.length; r < last; r++, o += w.length) {
      int i = w.offsets[0];
      int j = w.offsets[1];
      if (w.steps[0] == 1 && w.steps[1] == 1) {
        op.runs(x, i, y, j, out, o, w.length);
      } else if (w.steps[0] == 1) {
        op.right(x, i, y[j], out, o, w.length);
      } else if (w.steps[1] == 1) {
        op.left(x[i], y, j, out, o, w.length);
      } else {
        Arrays.fill(out, o, o + w.length, op.apply(x[i], y[j]));
      }
      w.next();
    }
  }

  /** The float32 twin of {@link #walk(Arithmetic, Walk, int, int, double[], double[], double[])}. */
  private static void walk(Arithmetic op, Walk w, int first, int last, float[] x, float[] y, float[] out) {
    for (int r = first, o = first * w.length; r < last; r++, o += w.length) {
      int i = w.offsets[0];
      int j = w.offsets[1];
      if (w.steps[0] == 1 && w.steps[1] == 1) {
        op.runs(x, i, y, j, out, o, w.length);
      } else if (w.steps[0] == 1) {
        op.right(x, i, y[j], out, o, w.length);
      } else if (w.steps[1] == 1) {
        op.left(x[i], y, j, out, o, w.length);
      } else {
        Arrays.fill(out, o, o + w.length, op.apply(x[i], y[j]));
      }
      w.next();
    }
  }

  /** {@code f(a, b)} elementwise for operands of one shape and dtype, computed in double. */
  public static NdArray zip(NdArray a, NdArray b, DoubleBinaryOperator f) {
    return zip(a.storage(), b.storage(), a.shape(), f);
  }

  private static NdArray zip(Storage a, Storage b, Shape shape, DoubleBinaryOperator f) {
    Storage x = a.source();
    Storage y = b.source();
    Walk w = Walk.over(shape, x, y);
    int xs = w.steps[0];
    int ys = w.steps[1];
    if (a.dtype() == DType.FLOAT64) {
      double[] u = x.f64();
      double[] v = y.f64();
      double[] out = new double[shape.size()];
      for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
        for (int k = 0, i = w.offsets[0], j = w.offsets[1]; k < w.length; k++, i += xs, j += ys) {
          out[o++] = f.applyAsDouble(u[i], v[j]);
        }
      }
      return Storage.array(shape, out);
    }
    float[] u = x.f32();
    float[] v = y.f32();
    float[] out = new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
      for (int k = 0, i = w.offsets[0], j = w.offsets[1]; k < w.length; k++, i += xs, j += ys) {
        out[o++] = (float) f.applyAsDouble(u[i], v[j]);
      }
    }
    return Storage.array(shape, out);
  }

  /** {@code mask ≠ 0 ? a : b} for operands of one shape and dtype. */
  public static NdArray where(NdArray condition, NdArray a, NdArray b) {
    Shape shape = a.shape();
    Storage mask = condition.storage();
    Walk w = Walk.over(shape, mask.source(), a.storage().source(), b.storage().source());
    int ms = w.steps[0];
    int as = w.steps[1];
    int bs = w.steps[2];
    if (a.dtype() == DType.FLOAT64) {
      double[] m = mask.source().f64();
      double[] x = a.storage().source().f64();
      double[] y = b.storage().source().f64();
      double[] out = new double[shape.size()];
      for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
        for (int k = 0, h = w.offsets[0], i = w.offsets[1], j = w.offsets[2]; k < w.length; k++, h += ms, i += as, j += bs) {
          out[o++] = m[h] != 0 ? x[i] : y[j];
        }
      }
      return Storage.array(shape, out);
    }
    float[] m = mask.source().f32();
    float[] x = a.storage().source().f32();
    float[] y = b.storage().source().f32();
    float[] out = new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
      for (int k = 0, h = w.offsets[0], i = w.offsets[1], j = w.offsets[2]; k < w.length; k++, h += ms, i += as, j += bs) {
        out[o++] = m[h] != 0 ? x[i] : y[j];
      }
    }
    return Storage.array(shape, out);
  }

  /**
   * {@code x} repeated to {@code shape} by NumPy's rules (checked by the caller), as a view that the
   * elementwise loops and reductions read in place.
   */
  public static NdArray broadcast(NdArray x, Shape shape) {
    return NdArray.of(Storage.broadcast(x.storage(), shape));
  }

  /** The elements of dense {@code source} broadcast to {@code shape}, written out densely. */
  static Storage writeOut(Storage source, Shape shape) {
    Walk w = Walk.over(shape, source);
    boolean f64 = source.dtype() == DType.FLOAT64;
    Object in = f64 ? source.f64() : source.f32();
    Object out = f64 ? new double[shape.size()] : new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, o += w.length, w.next()) {
      int i = w.offsets[0];
      if (w.steps[0] == 1) {
        System.arraycopy(in, i, out, o, w.length);
      } else if (f64) {
        Arrays.fill((double[]) out, o, o + w.length, ((double[]) in)[i]);
      } else {
        Arrays.fill((float[]) out, o, o + w.length, ((float[]) in)[i]);
      }
    }
    return f64 ? Storage.of(shape, (double[]) out) : Storage.of(shape, (float[]) out);
  }
}
