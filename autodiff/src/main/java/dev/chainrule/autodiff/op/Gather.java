package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Per-element selection along one axis: {@code out[i…, j, k…] = x[i…, indices[i…, j, k…], k…]}
 * (PyTorch's {@code gather}), e.g. each row's target-class score. The indices are constant whole numbers
 * with the input's shape except on {@code axis}.
 *
 * @param axis non-negative axis
 * @param indices positions along {@code axis}, shaped like the result
 */
public record Gather(int axis, NdArray indices) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.gather(axis, indices);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.scatterAdd(axis, indices, x.shape()); // each read element collects its gradient
  }
}
