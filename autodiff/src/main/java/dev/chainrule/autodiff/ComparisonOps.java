package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Compare;
import dev.chainrule.autodiff.op.Comparison;

/**
 * The comparisons of {@link Tensor} ({@code gt}, {@code ge}, {@code lt}, {@code le}, {@code eq}, {@code ne},
 * {@code isNaN}, giving 0/1 constants through the one {@link Compare} primitive), and the compositions built
 * on them: {@code maximum}, {@code minimum} and {@code clamp}. Operands broadcast by NumPy rules; a
 * {@code double} becomes a scalar of this tensor's dtype.
 */
public sealed interface ComparisonOps permits Tensor {
  private Tensor self() {
    return (Tensor) this;
  }

  private Tensor constant(double c) {
    return Tensor.scalar(c, self().dtype());
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
    return MultiInputOps.broadcasting(new Compare(relation), self(), other);
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
