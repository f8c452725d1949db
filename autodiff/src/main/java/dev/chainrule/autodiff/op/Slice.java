package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Elements {@code start} (inclusive) to {@code end} (exclusive) along one axis.
 *
 * @param axis non-negative axis
 * @param start first index kept
 * @param end one past the last index kept
 */
public record Slice(int axis, int start, int end) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.slice(axis, start, end);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.pad(axis, start, x.shape().dim(axis) - end); // zeros where elements were cut away
  }
}
