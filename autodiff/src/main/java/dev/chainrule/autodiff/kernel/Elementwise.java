package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Comparison;
import java.util.Arrays;
import java.util.function.BiConsumer;
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
    return each(x, (in, out) -> {
      for (int i = 0; i < in.length; i++) {
        out[i] = f.applyAsDouble(in[i]);
      }
    }, (in, out) -> {
      for (int i = 0; i < in.length; i++) {
        out[i] = (float) f.applyAsDouble(in[i]);
      }
    });
  }

  /**
   * A loop per dtype from a dense input into a fresh array of its shape; a broadcast view runs it once per
   * distinct element. Each caller passes loops of its own, so the loop bodies stay monomorphic.
   */
  private static Storage each(Storage x, BiConsumer<double[], double[]> f64, BiConsumer<float[], float[]> f32) {
    if (x.isView()) {
      return Storage.broadcast(each(x.source(), f64, f32), x.shape());
    }
    if (x.dtype() == DType.FLOAT64) {
      double[] out = new double[x.size()];
      f64.accept(x.f64(), out);
      return Storage.of(x.shape(), out);
    }
    float[] out = new float[x.size()];
    f32.accept(x.f32(), out);
    return Storage.of(x.shape(), out);
  }


  /** {@code f} of every element, in the input's dtype; a broadcast view is computed once per distinct element. */
  public static NdArray apply(NdArray array, UnaryFunction f) {
    return NdArray.of(apply(array.storage(), f));
  }

  private static Storage apply(Storage x, UnaryFunction f) {
    return each(x, (in, out) -> apply(f, in, out), (in, out) -> apply(f, in, out));
  }


  private static void apply(UnaryFunction f, double[] in, double[] out) {
    switch (f) {
      case NEG: for (int i = 0; i < in.length; i++) out[i] = -in[i]; return;
      case ABS: for (int i = 0; i < in.length; i++) out[i] = Math.abs(in[i]); return;
      case EXP: for (int i = 0; i < in.length; i++) out[i] = Math.exp(in[i]); return;
      case LOG: for (int i = 0; i < in.length; i++) out[i] = Math.log(in[i]); return;
      case LOG1P: for (int i = 0; i < in.length; i++) out[i] = Math.log1p(in[i]); return;
      case SIN: for (int i = 0; i < in.length; i++) out[i] = Math.sin(in[i]); return;
      case COS: for (int i = 0; i < in.length; i++) out[i] = Math.cos(in[i]); return;
      case TANH: for (int i = 0; i < in.length; i++) out[i] = SpecialFunctions.tanh(in[i]); return;
      case SIGMOID: for (int i = 0; i < in.length; i++) out[i] = SpecialFunctions.logistic(in[i]); return;
      case RELU: for (int i = 0; i < in.length; i++) out[i] = Math.max(in[i], 0); return; // branch-free; NaN stays NaN, -0 becomes 0
      default: for (int i = 0; i < in.length; i++) out[i] = SpecialFunctions.erf(in[i]);
    }
  }

  private static void apply(UnaryFunction f, float[] in, float[] out) {
    switch (f) {
      case NEG: for (int i = 0; i < in.length; i++) out[i] = -in[i]; return;
      case ABS: for (int i = 0; i < in.length; i++) out[i] = Math.abs(in[i]); return;
      case EXP: for (int i = 0; i < in.length; i++) out[i] = (float) Math.exp(in[i]); return;
      case LOG: for (int i = 0; i < in.length; i++) out[i] = (float) Math.log(in[i]); return;
      case LOG1P: for (int i = 0; i < in.length; i++) out[i] = (float) Math.log1p(in[i]); return;
      case SIN: for (int i = 0; i < in.length; i++) out[i] = (float) Math.sin(in[i]); return;
      case COS: for (int i = 0; i < in.length; i++) out[i] = (float) Math.cos(in[i]); return;
      case TANH: for (int i = 0; i < in.length; i++) out[i] = (float) SpecialFunctions.tanh(in[i]); return;
      case SIGMOID: for (int i = 0; i < in.length; i++) out[i] = (float) SpecialFunctions.logistic(in[i]); return;
      case RELU: for (int i = 0; i < in.length; i++) out[i] = Math.max(in[i], 0); return; // branch-free; NaN stays NaN, -0 becomes 0
      default: for (int i = 0; i < in.length; i++) out[i] = (float) SpecialFunctions.erf(in[i]);
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
    return each(x, (in, out) -> power(in, exponent, out), (in, out) -> power(in, exponent, out));
  }


  private static void power(double[] in, double exponent, double[] out) {
    if (exponent == 1) {
      System.arraycopy(in, 0, out, 0, in.length);
    } else if (exponent == 2) {
      for (int i = 0; i < in.length; i++) {
        out[i] = in[i] * in[i];
      }
    } else {
      for (int i = 0; i < in.length; i++) {
        out[i] = Math.pow(in[i], exponent);
      }
    }
  }

  private static void power(float[] in, double exponent, float[] out) {
    if (exponent == 1) {
      System.arraycopy(in, 0, out, 0, in.length);
    } else if (exponent == 2) {
      for (int i = 0; i < in.length; i++) {
        out[i] = in[i] * in[i];
      }
    } else {
      for (int i = 0; i < in.length; i++) {
        out[i] = (float) Math.pow(in[i], exponent);
      }
    }
  }

  /** {@code a ∘ b} for operands of one shape and dtype (either may be a broadcast view). */
  public static NdArray arithmetic(NdArray a, NdArray b, Arithmetic op) {
    Shape shape = a.shape();
    Storage x = a.storage().source();
    Storage y = b.storage().source();
    int n = shape.size();
    if (a.dtype() == DType.FLOAT64) {
      double[] out = new double[n];
      if (x.size() == n && y.size() == n) {
        op.runs(x.f64(), 0, y.f64(), 0, out, 0, n);
      } else if (x.size() == n && y.size() == 1) {
        op.right(x.f64(), 0, y.f64()[0], out, 0, n);
      } else if (x.size() == 1 && y.size() == n) {
        op.left(x.f64()[0], y.f64(), 0, out, 0, n);
      } else {
        walk(op, Walk.over(shape, x, y), x.f64(), y.f64(), out);
      }
      return Storage.array(shape, out);
    }
    float[] out = new float[n];
    if (x.size() == n && y.size() == n) {
      op.runs(x.f32(), 0, y.f32(), 0, out, 0, n);
    } else if (x.size() == n && y.size() == 1) {
      op.right(x.f32(), 0, y.f32()[0], out, 0, n);
    } else if (x.size() == 1 && y.size() == n) {
      op.left(x.f32()[0], y.f32(), 0, out, 0, n);
    } else {
      walk(op, Walk.over(shape, x, y), x.f32(), y.f32(), out);
    }
    return Storage.array(shape, out);
  }

  private static void walk(Arithmetic op, Walk w, double[] x, double[] y, double[] out) {
    for (int r = 0, o = 0; r < w.runs; r++, o += w.length) {
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

  private static void walk(Arithmetic op, Walk w, float[] x, float[] y, float[] out) {
    for (int r = 0, o = 0; r < w.runs; r++, o += w.length) {
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

  /**
   * {@code a relation b ? 1 : 0} for operands of one shape and dtype; an array against one value (ReLU's
   * mask) runs flat.
   */
  public static NdArray compare(NdArray a, NdArray b, Comparison relation) {
    Shape shape = a.shape();
    Storage x = a.storage().source();
    Storage y = b.storage().source();
    if (x.size() != shape.size() || y.size() != 1) {
      return Comparisons.compare(a, b, relation);
    }
    double c = y.get(0);
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      double[] out = new double[in.length];
      compare(in, c, relation, out);
      return Storage.array(shape, out);
    }
    float[] in = x.f32();
    float[] out = new float[in.length];
    compare(in, c, relation, out);
    return Storage.array(shape, out);
  }

  /**
   * 1 for true, 0 for false, through an int: the JIT turns an int choice into a flag instruction, while
   * a choice between two floating-point values stays a branch, which random signs mispredict (1 against
   * 6-13 ns an element for ReLU's mask).
   */
  private static int bit(boolean b) {
    return b ? 1 : 0;
  }

  /** {@code in[i] relation c ? 1 : 0}, one loop per relation so that each compiles to a compare without a call. */
  private static void compare(double[] in, double c, Comparison relation, double[] out) {
    double f = c;
    if (f == c) { // the same relation in double (the float32 twin skips a widening per element: 1.2 → 0.4 ms for 800 K)
      switch (relation) {
        case GREATER: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] > f); return;
        case LESS: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] < f); return;
        default: break;
      }
    }
    switch (relation) {
      case GREATER: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] > c); return;
      case LESS: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] < c); return;
      default: for (int i = 0; i < in.length; i++) out[i] = relation.test(in[i], c) ? 1 : 0;
    }
  }

  /** The float32 twin of {@link #compare(double[], double, Comparison, double[])}. */
  private static void compare(float[] in, double c, Comparison relation, float[] out) {
    float f = (float) c;
    if (f == c) { // the same relation in float (the float32 twin skips a widening per element: 1.2 → 0.4 ms for 800 K)
      switch (relation) {
        case GREATER: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] > f); return;
        case LESS: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] < f); return;
        default: break;
      }
    }
    switch (relation) {
      case GREATER: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] > c); return;
      case LESS: for (int i = 0; i < in.length; i++) out[i] = bit(in[i] < c); return;
      default: for (int i = 0; i < in.length; i++) out[i] = relation.test(in[i], c) ? 1 : 0;
    }
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
