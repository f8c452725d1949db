package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Zeros added before and after one axis.
 *
 * @param axis non-negative axis
 * @param before zeros before the first element
 * @param after zeros after the last element
 */
public record Pad(int axis, int before, int after) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.pad(axis, before, after);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.slice(axis, before, before + x.shape().dim(axis)); // the padding had no input
  }
}
