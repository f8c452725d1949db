package dev.chainrule.autodiff.array;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Elementwise loops over equal-shaped arrays, one per dtype. */
final class Elementwise {
  /** The four arithmetic operations with dedicated loops. */
  enum Arithmetic {
    ADD,
    SUB,
    MUL,
    DIV
  }

  private Elementwise() {}

  static NdArray map(NdArray x, DoubleUnaryOperator f) {
    int n = x.size();
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(in[i]);
      }
      return NdArray.wrap(x.shape(), out);
    }
    float[] in = x.f32;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) f.applyAsDouble(in[i]);
    }
    return NdArray.wrap(x.shape(), out);
  }

  static NdArray zip(NdArray a, NdArray b, DoubleBinaryOperator f) {
    int n = a.size();
    if (a.dtype() == DType.FLOAT64) {
      double[] x = a.f64;
      double[] y = b.f64;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(x[i], y[i]);
      }
      return NdArray.wrap(a.shape(), out);
    }
    float[] x = a.f32;
    float[] y = b.f32;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) f.applyAsDouble(x[i], y[i]);
    }
    return NdArray.wrap(a.shape(), out);
  }

  static NdArray arithmetic(NdArray a, NdArray b, Arithmetic op) {
    return a.dtype() == DType.FLOAT64
        ? NdArray.wrap(a.shape(), arithmetic(a.f64, b.f64, op))
        : NdArray.wrap(a.shape(), arithmetic(a.f32, b.f32, op));
  }

  private static double[] arithmetic(double[] x, double[] y, Arithmetic op) {
    double[] out = new double[x.length];
    switch (op) {
      case ADD:
        for (int i = 0; i < out.length; i++) out[i] = x[i] + y[i];
        break;
      case SUB:
        for (int i = 0; i < out.length; i++) out[i] = x[i] - y[i];
        break;
      case MUL:
        for (int i = 0; i < out.length; i++) out[i] = x[i] * y[i];
        break;
      default:
        for (int i = 0; i < out.length; i++) out[i] = x[i] / y[i];
    }
    return out;
  }

  private static float[] arithmetic(float[] x, float[] y, Arithmetic op) {
    float[] out = new float[x.length];
    switch (op) {
      case ADD:
        for (int i = 0; i < out.length; i++) out[i] = x[i] + y[i];
        break;
      case SUB:
        for (int i = 0; i < out.length; i++) out[i] = x[i] - y[i];
        break;
      case MUL:
        for (int i = 0; i < out.length; i++) out[i] = x[i] * y[i];
        break;
      default:
        for (int i = 0; i < out.length; i++) out[i] = x[i] / y[i];
    }
    return out;
  }

  static NdArray compare(NdArray a, NdArray b, Comparison relation) {
    return zip(a, b, (x, y) -> relation.test(x, y) ? 1.0 : 0.0);
  }

  static NdArray where(NdArray mask, NdArray a, NdArray b) {
    int n = a.size();
    if (a.dtype() == DType.FLOAT64) {
      double[] m = mask.f64;
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = m[i] != 0 ? a.f64[i] : b.f64[i];
      }
      return NdArray.wrap(a.shape(), out);
    }
    float[] m = mask.f32;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = m[i] != 0 ? a.f32[i] : b.f32[i];
    }
    return NdArray.wrap(a.shape(), out);
  }
}
