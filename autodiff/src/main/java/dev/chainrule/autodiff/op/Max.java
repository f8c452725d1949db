package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Maximum over some axes.
 *
 * <p>NOTE: where several elements tie for the maximum, the gradient is split evenly among them (as
 * PyTorch's {@code amax} does).
 *
 * @param axes which axes, and whether they are kept with extent 1
 */
public record Max(Axes axes) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.max(axes);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    Axes kept = axes.keepingDims();
    Tensor isMax = x.eq(out.reshape(kept.reducedShape(x.shape(), "max")));
    Tensor share = grad.reshape(kept.reducedShape(x.shape(), "max")).div(isMax.sum(kept));
    return share.broadcastTo(x.shape()).mul(isMax); // d max = d x at the argmax
  }
}
