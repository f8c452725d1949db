package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Sum over some axes.
 *
 * @param axes which axes, and whether they are kept with extent 1
 */
public record Sum(Axes axes) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.sum(axes);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // each input element contributes once: spread grad back over the summed axes
    return grad.reshape(axes.keptShape(x.shape(), "sum")).broadcastTo(x.shape());
  }
}
