package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.op.Comparison;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Abs;
import dev.chainrule.autodiff.op.Add;
import dev.chainrule.autodiff.op.Compare;
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
 * The elementwise operations of {@link Tensor}: arithmetic, functions, activations and comparisons.
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
    if (self().shape().equals(other.shape())) {
      return Tensor.apply(op, self(), other);
    }
    Shape shape = Shape.broadcast(op.name(), self().shape(), other.shape());
    return Tensor.apply(op, self().broadcastTo(shape), other.broadcastTo(shape));
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
    return gt(0).sub(lt(0));
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
    return Tensor.where(gt(0), self(), mul(slope));
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
    Tensor positive = gt(0);
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
    Tensor positive = gt(0);
    Tensor zero = constant(0);
    Tensor below = Tensor.where(positive, zero, self()).exp().log1p();
    Tensor above = Tensor.where(positive, self(), zero);
    return Tensor.where(positive, above.add(above.neg().exp().log1p()), below);
  }

  /**
   * Elementwise maximum; NaN wins, and where the two are equal the gradient goes to {@code other}.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor maximum(Tensor other) {
    return extremum("maximum", other, Comparison.GREATER);
  }

  /**
   * Elementwise minimum; NaN wins, and where the two are equal the gradient goes to {@code other}.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a new tensor of the broadcast shape
   */
  default Tensor minimum(Tensor other) {
    return extremum("minimum", other, Comparison.LESS);
  }

  /** Maximum or minimum, composed of comparisons and where: checked first, so errors name it, not {@code compare}. */
  private Tensor extremum(String name, Tensor other, Comparison wins) {
    checkNotNull(other, "%s: other is null", name);
    checkArgument(other.dtype() == self().dtype(),
        "%s: dtypes differ; got %s and %s (convert one with to(DType))", name, self().dtype(), other.dtype());
    Shape.broadcast(name, self().shape(), other.shape());
    return Tensor.where(compare(other, wins).add(isNaN()), self(), other);
  }

  /**
   * 1 where this is NaN, else 0; a constant.
   *
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor isNaN() {
    return ne(self());
  }

  /**
   * Each element limited to {@code [min, max]}; the gradient is 0 outside.
   *
   * @param min the lower limit
   * @param max the upper limit, at least {@code min}
   * @return a new tensor of this shape and dtype
   */
  default Tensor clamp(double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("clamp: need min <= max (and neither NaN); got min " + min + " and max " + max);
    }
    return Tensor.where(lt(min), constant(min), Tensor.where(gt(max), constant(max), self()));
  }

  private Tensor compare(Tensor other, Comparison relation) {
    return binary(new Compare(relation), other);
  }

  /**
   * 1 where {@code this > other}, else 0; never requires grad.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a tensor of 0s and 1s of the broadcast shape, in this dtype, that never requires grad
   */
  default Tensor gt(Tensor other) {
    return compare(other, Comparison.GREATER);
  }

  /**
   * 1 where {@code this > c}, else 0.
   *
   * @param c the value compared against
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor gt(double c) {
    return gt(constant(c));
  }

  /**
   * 1 where {@code this >= other}, else 0.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a tensor of 0s and 1s of the broadcast shape, in this dtype, that never requires grad
   */
  default Tensor ge(Tensor other) {
    return compare(other, Comparison.GREATER_OR_EQUAL);
  }

  /**
   * 1 where {@code this >= c}, else 0.
   *
   * @param c the value compared against
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor ge(double c) {
    return ge(constant(c));
  }

  /**
   * 1 where {@code this < other}, else 0.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a tensor of 0s and 1s of the broadcast shape, in this dtype, that never requires grad
   */
  default Tensor lt(Tensor other) {
    return compare(other, Comparison.LESS);
  }

  /**
   * 1 where {@code this < c}, else 0.
   *
   * @param c the value compared against
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor lt(double c) {
    return lt(constant(c));
  }

  /**
   * 1 where {@code this <= other}, else 0.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a tensor of 0s and 1s of the broadcast shape, in this dtype, that never requires grad
   */
  default Tensor le(Tensor other) {
    return compare(other, Comparison.LESS_OR_EQUAL);
  }

  /**
   * 1 where {@code this <= c}, else 0.
   *
   * @param c the value compared against
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor le(double c) {
    return le(constant(c));
  }

  /**
   * 1 where {@code this == other}, else 0.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a tensor of 0s and 1s of the broadcast shape, in this dtype, that never requires grad
   */
  default Tensor eq(Tensor other) {
    return compare(other, Comparison.EQUAL);
  }

  /**
   * 1 where {@code this == c}, else 0.
   *
   * @param c the value compared against
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor eq(double c) {
    return eq(constant(c));
  }

  /**
   * 1 where {@code this != other}, else 0.
   *
   * @param other a tensor of this dtype whose shape broadcasts with this one
   * @return a tensor of 0s and 1s of the broadcast shape, in this dtype, that never requires grad
   */
  default Tensor ne(Tensor other) {
    return compare(other, Comparison.NOT_EQUAL);
  }

  /**
   * 1 where {@code this != c}, else 0.
   *
   * @param c the value compared against
   * @return a tensor of 0s and 1s of this shape and dtype that never requires grad
   */
  default Tensor ne(double c) {
    return ne(constant(c));
  }
}
