package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * Zeros of {@code shape} with each input element added at the position {@link Gather} would read it
 * from: its adjoint. Repeated indices add up.
 *
 * @param axis non-negative axis
 * @param indices positions along {@code axis}, shaped like the input
 * @param shape the result shape
 */
public record ScatterAdd(int axis, NdArray indices, Shape shape) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.scatterAdd(axis, indices, shape);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.gather(axis, indices); // each element reads back where it was added
  }
}
