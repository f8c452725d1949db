package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * The same elements under another shape of equal size.
 *
 * @param shape the result shape
 */
public record Reshape(Shape shape) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.reshape(shape);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.reshape(x.shape()); // elements keep their order
  }
}
