package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** Elementwise product {@code a * b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}. */
public record Mul() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    Shapes.checkSame(this, a, b);
    return a.mul(b);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out) {
    return Grads.ofRequired(a, () -> grad.mul(b), b, () -> grad.mul(a)); // d(ab) = b da + a db
  }
}
