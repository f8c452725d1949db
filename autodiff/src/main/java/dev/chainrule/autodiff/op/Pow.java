package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Elementwise power with a tensor exponent, {@code a^b}. Inputs have equal shapes.
 * A primitive: {@code exp(b·ln a)} is defined only for {@code a > 0} and rounds more.
 *
 * <p>NOTE: the gradient with respect to {@code b} is {@code a^b · ln a}, defined for {@code a > 0}; where
 * {@code a = 0} and {@code b >= 0} it is taken as 0, and the gradient with respect to {@code a} is 0 at
 * {@code 0^0}, as PyTorch does.
 */
public record Pow() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return Elementwise.zip(a, b, Math::pow);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
    // d(a^b) = b·a^(b-1) da + a^b·ln(a) db
    return Grads.of(needed, () -> grad.mul(baseFactor(a, b)), () -> grad.mul(exponentFactor(a, b, out)));
  }

  /** {@code b·a^(b-1)}; at 0^0 that is 0·∞, taken as 0. */
  private static Tensor baseFactor(Tensor a, Tensor b) {
    Tensor zeroToZero = a.eq(0).mul(b.eq(0));
    return Tensor.where(zeroToZero, Tensor.scalar(0, a.dtype()), b.mul(a.pow(b.sub(1))));
  }

  /** {@code a^b·ln(a)}, taken as 0 where {@code a = 0} and {@code b >= 0}. */
  private static Tensor exponentFactor(Tensor a, Tensor b, Tensor out) {
    Tensor zeroBase = a.eq(0).mul(b.ge(0));
    return Tensor.where(zeroBase, Tensor.scalar(0, a.dtype()), out.mul(a.log()));
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise on equal shapes: an unbatched input is broadcast over the batch (a view)
    return Tensor.apply(this, batch.allExpanded());
  }
}
