package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.MaxShares;
import dev.chainrule.autodiff.kernel.Reductions;

/**
 * Maximum over some axes; NaN where a reduced element is NaN. A primitive: no composition of the others
 * reduces by maximum.
 *
 * <p>NOTE: where several elements tie for the maximum, the gradient is split evenly among them (as
 * PyTorch's {@code amax} does).
 *
 * @param axes which axes, and whether they are kept with extent 1
 */
public record Max(Axes axes) implements Op.Unary, Primitive {
  /**
   * Checks the axes are present.
   *
   * @param axes which axes, and whether they are kept with extent 1
   */
  public Max {
    checkNotNull(axes, "max: axes are null");
  }

  @Override
  public Shape shape(Shape x) {
    Shape out = axes.reducedShape(x, "max");
    checkArgument(out.size() == 0 || x.size() > 0, "max: cannot reduce over an empty axis; got shape %s, %s", x, axes);
    return out;
  }

  @Override
  public NdArray forward(NdArray x) {
    return Reductions.max(x, axes);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    Axes kept = axes.keepingDims();
    NdArray shares = x.isBatched() || out.isBatched() ? null : MaxShares.of(x.value(), out.value(), axes);
    if (shares != null) { // constants: the mask's derivative is zero
      return grad.reshape(kept.reducedShape(x.shape(), "max")).mul(Tensor.of(shares));
    }
    Tensor isMax = x.eq(out.reshape(kept.reducedShape(x.shape(), "max")));
    Tensor share = grad.reshape(kept.reducedShape(x.shape(), "max")).div(isMax.sum(kept));
    return share.broadcastTo(x.shape()).mul(isMax); // d max = d x at the argmax
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same axes, behind the batch axis
    if (batch.shape(0).isScalar()) {
      return batch.get(0); // a scalar member has no axis to reduce (and Axes cannot say "no axes")
    }
    return Tensor.apply(new Max(axes.shifted(batch.shape(0), 1, "max")), batch.get(0));
  }
}
