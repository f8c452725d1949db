package dev.chainrule.autodiff.kernel;

/**
 * The four arithmetic operations, each with loops over runs of elements: both operands contiguous, or
 * one of them a repeated value.
 *
 * <p>The switch sits outside each loop, so every loop body is one operator the JIT can vectorise.
 * Every loop computes in the operands' own precision, so all of them agree bit for bit with
 * {@link #apply}.
 */
public enum Arithmetic {
  /** {@code a + b}. */
  ADD,
  /** {@code a - b}. */
  SUB,
  /** {@code a * b}. */
  MUL,
  /** {@code a / b}. */
  DIV;

  double apply(double x, double y) {
    switch (this) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      default: return x / y;
    }
  }

  float apply(float x, float y) {
    switch (this) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      default: return x / y;
    }
  }

  /** {@code out[o + i] = x[xo + i] ∘ y[yo + i]} for {@code i < n}. */
  void runs(double[] x, int xo, double[] y, int yo, double[] out, int o, int n) {
    switch (this) {
      case ADD: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] + y[yo + i]; break;
      case SUB: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] - y[yo + i]; break;
      case MUL: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] * y[yo + i]; break;
      default: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] / y[yo + i];
    }
  }

  /** {@code out[o + i] = x[xo + i] ∘ c} for {@code i < n}. */
  void right(double[] x, int xo, double c, double[] out, int o, int n) {
    switch (this) {
      case ADD: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] + c; break;
      case SUB: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] - c; break;
      case MUL: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] * c; break;
      default: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] / c;
    }
  }

  /** {@code out[o + i] = c ∘ y[yo + i]} for {@code i < n}. */
  void left(double c, double[] y, int yo, double[] out, int o, int n) {
    switch (this) {
      case ADD: for (int i = 0; i < n; i++) out[o + i] = c + y[yo + i]; break;
      case SUB: for (int i = 0; i < n; i++) out[o + i] = c - y[yo + i]; break;
      case MUL: for (int i = 0; i < n; i++) out[o + i] = c * y[yo + i]; break;
      default: for (int i = 0; i < n; i++) out[o + i] = c / y[yo + i];
    }
  }

  /** {@code out[o + i] = x[xo + i] ∘ y[yo + i]} for {@code i < n}. */
  void runs(float[] x, int xo, float[] y, int yo, float[] out, int o, int n) {
    switch (this) {
      case ADD: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] + y[yo + i]; break;
      case SUB: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] - y[yo + i]; break;
      case MUL: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] * y[yo + i]; break;
      default: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] / y[yo + i];
    }
  }

  /** {@code out[o + i] = x[xo + i] ∘ c} for {@code i < n}. */
  void right(float[] x, int xo, float c, float[] out, int o, int n) {
    switch (this) {
      case ADD: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] + c; break;
      case SUB: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] - c; break;
      case MUL: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] * c; break;
      default: for (int i = 0; i < n; i++) out[o + i] = x[xo + i] / c;
    }
  }

  /** {@code out[o + i] = c ∘ y[yo + i]} for {@code i < n}. */
  void left(float c, float[] y, int yo, float[] out, int o, int n) {
    switch (this) {
      case ADD: for (int i = 0; i < n; i++) out[o + i] = c + y[yo + i]; break;
      case SUB: for (int i = 0; i < n; i++) out[o + i] = c - y[yo + i]; break;
      case MUL: for (int i = 0; i < n; i++) out[o + i] = c * y[yo + i]; break;
      default: for (int i = 0; i < n; i++) out[o + i] = c / y[yo + i];
    }
  }
}
