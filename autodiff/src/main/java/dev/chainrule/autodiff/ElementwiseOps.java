package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Abs;
import dev.chainrule.autodiff.op.Add;
import dev.chainrule.autodiff.op.Cast;
import dev.chainrule.autodiff.op.Cos;
import dev.chainrule.autodiff.op.Div;
import dev.chainrule.autodiff.op.Erf;
import dev.chainrule.autodiff.op.Exp;
import dev.chainrule.autodiff.op.Log;
import dev.chainrule.autodiff.op.Log1p;
import dev.chainrule.autodiff.op.Mul;
import dev.chainrule.autodiff.op.Neg;
import dev.chainrule.autodiff.op.Op;
import dev.chainrule.autodiff.op.Pow;
import dev.chainrule.autodiff.op.PowScalar;
import dev.chainrule.autodiff.op.Relu;
import dev.chainrule.autodiff.op.Sigmoid;
import dev.chainrule.autodiff.op.Sin;
import dev.chainrule.autodiff.op.Sub;
import dev.chainrule.autodiff.op.Tanh;

/**
 * The elementwise operations of {@link Tensor}: arithmetic, functions and activations (comparisons, maximum,
 * minimum and clamp are in {@link ComparisonOps}).
 *
 * <p>Binary operations broadcast by NumPy rules; a {@code double} operand becomes a scalar of this
 * tensor's dtype. Methods without a primitive of their own are compositions and need no backward.
 */
public sealed interface ElementwiseOps permits Tensor {
  private Tensor self() {
    return (Tensor) this;
  }

  private Tensor constant(double c) {
    return Tensor.scalar(c, self().dtype());
  }

  private Tensor binary(Op op, Tensor other) {
    return MultiInputOps.broadcasting(op, self(), other);
  }

  /**
   * {@code this + other}.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor add(Tensor other) {
    return binary(new Add(), other);
  }

  /**
   * {@code this + c}.
   *
   * @param c the constant, converted to this dtype
   * @return a new tensor of this shape and dtype
   */
  default Tensor add(double c) {
    return add(constant(c));
  }

  /**
   * {@code this - other}.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor sub(Tensor other) {
    return binary(new Sub(), other);
  }

  /**
   * {@code this - c}.
   *
   * @param c the constant, converted to this dtype
   * @return a new tensor of this shape and dtype
   */
  default Tensor sub(double c) {
    return sub(constant(c));
  }

  /**
   * {@code this * other}.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor mul(Tensor other) {
    return binary(new Mul(), other);
  }

  /**
   * {@code this * c}.
   *
   * @param c the constant, converted to this dtype
   * @return a new tensor of this shape and dtype
   */
  default Tensor mul(double c) {
    return mul(constant(c));
  }

  /**
   * {@code this / other}.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor div(Tensor other) {
    return binary(new Div(), other);
  }

  /**
   * {@code this / c}.
   *
   * @param c the constant, converted to this dtype
   * @return a new tensor of this shape and dtype
   */
  default Tensor div(double c) {
    return div(constant(c));
  }

  /**
   * {@code -this}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor neg() {
    return Tensor.apply(new Neg(), self());
  }

  /**
   * {@code this ^ exponent} for a constant exponent.
   *
   * @param exponent the constant exponent
   * @return a new tensor of this shape and dtype
   */
  default Tensor pow(double exponent) {
    return Tensor.apply(new PowScalar(exponent), self());
  }

  /**
   * {@code this ^ exponent}, elementwise, differentiable in both.
   *
   * @param exponent the exponent, of this dtype and a shape that broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor pow(Tensor exponent) {
    return binary(new Pow(), exponent);
  }

  /**
   * {@code this²}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor square() {
    return pow(2);
  }

  /**
   * {@code √this}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor sqrt() {
    return pow(0.5);
  }

  /**
   * {@code 1 / this}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor reciprocal() {
    return pow(-1);
  }

  /**
   * {@code e^this}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor exp() {
    return Tensor.apply(new Exp(), self());
  }

  /**
   * Natural logarithm.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor log() {
    return Tensor.apply(new Log(), self());
  }

  /**
   * {@code ln(1 + this)}, accurate for tiny values.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor log1p() {
    return Tensor.apply(new Log1p(), self());
  }

  /**
   * Sine.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor sin() {
    return Tensor.apply(new Sin(), self());
  }

  /**
   * Cosine.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor cos() {
    return Tensor.apply(new Cos(), self());
  }

  /**
   * Hyperbolic tangent.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor tanh() {
    return Tensor.apply(new Tanh(), self());
  }

  /**
   * The error function {@code 2/√π ∫₀ˣ e^(−t²) dt}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor erf() {
    return Tensor.apply(new Erf(), self());
  }

  /**
   * {@code |this|}; the gradient at 0 is 0.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor abs() {
    return Tensor.apply(new Abs(), self());
  }

  /**
   * -1, 0 or 1 by the sign of each element; a constant (no gradient).
   *
   * @return a tensor of -1s, 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor sign() {
    return self().gt(0).sub(self().lt(0));
  }

  /**
   * The logistic function {@code 1 / (1 + e^-x)}, accurate in both tails.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor sigmoid() {
    return Tensor.apply(new Sigmoid(), self());
  }

  /**
   * {@code max(x, 0)}; the gradient at 0 is 0.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor relu() {
    return Tensor.apply(new Relu(), self());
  }

  /**
   * {@code x} for {@code x > 0}, else {@code slope · x}.
   *
   * @param slope the factor applied to non-positive inputs, typically small such as 0.01
   * @return a new tensor of this shape and dtype
   */
  default Tensor leakyRelu(double slope) {
    return Tensor.where(self().gt(0), self(), mul(slope));
  }

  /**
   * GELU, {@code x·Φ(x) = ½·x·(1 + erf(x/√2))} (Hendrycks &amp; Gimpel 2016); PyTorch's default {@code gelu}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor gelu() {
    return self().mul(self().mul(Math.sqrt(0.5)).erf().add(1)).mul(0.5);
  }

  /**
   * GELU's tanh approximation {@code ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}, PyTorch's {@code approximate='tanh'}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor geluTanh() {
    Tensor inner = self().add(self().pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return self().mul(inner.tanh().add(1)).mul(0.5);
  }

  /**
   * SiLU (swish), {@code x·σ(x)}.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor silu() {
    return self().mul(sigmoid());
  }

  /**
   * ELU, {@code x} above 0 and {@code α·(e^x − 1)} at or below it (Clevert et al. 2016); the exponential is
   * fed only the non-positive side, so large inputs neither overflow nor poison the gradient.
   *
   * @param alpha the scale {@code α} of the negative side, typically 1
   * @return a new tensor of this shape and dtype
   */
  default Tensor elu(double alpha) {
    Tensor positive = self().gt(0);
    Tensor below = Tensor.where(positive, constant(0), self()).exp().sub(1).mul(alpha);
    return Tensor.where(positive, self(), below);
  }

  /**
   * {@code ln(1 + e^x)}, computed stably in two smooth branches, {@code ln(1 + e^x)} for {@code x <= 0} and
   * {@code x + ln(1 + e^-x)} above, each fed only its own side so neither overflows (nor poisons the
   * gradient of the other). Its derivative is the logistic function, ½ at 0.
   *
   * @return a new tensor of this shape and dtype
   */
  default Tensor softplus() {
    Tensor positive = self().gt(0);
    Tensor zero = constant(0);
    Tensor below = Tensor.where(positive, zero, self()).exp().log1p();
    Tensor above = Tensor.where(positive, self(), zero);
    return Tensor.where(positive, above.add(above.neg().exp().log1p()), below);
  }

  /**
   * This tensor converted to {@code dtype} (differentiable; the same tensor when already of that dtype).
   *
   * @param dtype float32 or float64
   * @return a tensor of this shape in {@code dtype}
   */
  default Tensor to(DType dtype) {
    return dtype == self().dtype() ? self() : Tensor.apply(new Cast(dtype), self());
  }
}
