package dev.chainrule.autodiff.array;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise loops, one per dtype, that read their operands broadcast to the result's shape without
 * materialising them: a flat loop when the operands have the result's layout, a value-with-array loop
 * when one operand is a single element, else one {@link Walk} run at a time.
 */
final class Elementwise {
  private Elementwise() {}

  static NdArray map(NdArray x, DoubleUnaryOperator f) {
    if (x.isView()) {
      return map(x.storage(), f).broadcastTo(x.shape());
    }
    int n = x.size();
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(in[i]);
      }
      return NdArray.wrap(x.shape(), out);
    }
    float[] in = x.f32();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) f.applyAsDouble(in[i]);
    }
    return NdArray.wrap(x.shape(), out);
  }

  /** {@code a ∘ b} over {@code shape}, which both broadcast to. */
  static NdArray arithmetic(NdArray a, NdArray b, Shape shape, Arithmetic op) {
    NdArray x = a.storage();
    NdArray y = b.storage();
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
      return NdArray.wrap(shape, out);
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
    return NdArray.wrap(shape, out);
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

  /** {@code f(a, b)} over {@code shape}, which both broadcast to. */
  static NdArray zip(NdArray a, NdArray b, Shape shape, DoubleBinaryOperator f) {
    NdArray x = a.storage();
    NdArray y = b.storage();
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
      return NdArray.wrap(shape, out);
    }
    float[] u = x.f32();
    float[] v = y.f32();
    float[] out = new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
      for (int k = 0, i = w.offsets[0], j = w.offsets[1]; k < w.length; k++, i += xs, j += ys) {
        out[o++] = (float) f.applyAsDouble(u[i], v[j]);
      }
    }
    return NdArray.wrap(shape, out);
  }

  /** {@code a relation b ? 1 : 0} over {@code shape}; an array against one value (ReLU's mask) runs flat. */
  static NdArray compare(NdArray a, NdArray b, Shape shape, Comparison relation) {
    NdArray x = a.storage();
    if (x.size() != shape.size() || b.storage().size() != 1) {
      return zip(a, b, shape, (u, v) -> relation.test(u, v) ? 1.0 : 0.0);
    }
    double c = b.storage().getFlat(0);
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      double[] out = new double[in.length];
      for (int i = 0; i < in.length; i++) {
        out[i] = relation.test(in[i], c) ? 1 : 0;
      }
      return NdArray.wrap(shape, out);
    }
    float[] in = x.f32();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = relation.test(in[i], c) ? 1 : 0;
    }
    return NdArray.wrap(shape, out);
  }

  /** {@code mask ≠ 0 ? a : b} over {@code shape}, which all three broadcast to. */
  static NdArray where(NdArray mask, NdArray a, NdArray b, Shape shape) {
    Walk w = Walk.over(shape, mask.storage(), a.storage(), b.storage());
    int ms = w.steps[0];
    int as = w.steps[1];
    int bs = w.steps[2];
    if (a.dtype() == DType.FLOAT64) {
      double[] m = mask.storage().f64();
      double[] x = a.storage().f64();
      double[] y = b.storage().f64();
      double[] out = new double[shape.size()];
      for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
        for (int k = 0, h = w.offsets[0], i = w.offsets[1], j = w.offsets[2]; k < w.length; k++, h += ms, i += as, j += bs) {
          out[o++] = m[h] != 0 ? x[i] : y[j];
        }
      }
      return NdArray.wrap(shape, out);
    }
    float[] m = mask.storage().f32();
    float[] x = a.storage().f32();
    float[] y = b.storage().f32();
    float[] out = new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, w.next()) {
      for (int k = 0, h = w.offsets[0], i = w.offsets[1], j = w.offsets[2]; k < w.length; k++, h += ms, i += as, j += bs) {
        out[o++] = m[h] != 0 ? x[i] : y[j];
      }
    }
    return NdArray.wrap(shape, out);
  }

  /** The elements of {@code source} broadcast to {@code shape}, written out densely. */
  static NdArray broadcast(NdArray source, Shape shape) {
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
    return f64 ? NdArray.wrap(shape, (double[]) out) : NdArray.wrap(shape, (float[]) out);
  }
}
