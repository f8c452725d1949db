package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * Broadcast to a larger shape by NumPy's rules: the one primitive behind all broadcasting.
 *
 * @param shape the result shape
 */
public record Expand(Shape shape) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.broadcastTo(shape);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.sumTo(x.shape()); // each copy contributes: sum back over the repeated axes
  }
}
