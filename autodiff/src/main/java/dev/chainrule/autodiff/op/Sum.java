package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Reductions;

/**
 * Sum over some axes, accumulated in double. Adjoint of {@link Expand}: each is the other's backward.
 * A primitive: the one reduction by addition.
 *
 * @param axes which axes, and whether they are kept with extent 1
 */
public record Sum(Axes axes) implements Op.Unary, Primitive {
  /**
   * Checks the axes are present.
   *
   * @param axes which axes, and whether they are kept with extent 1
   */
  public Sum {
    checkNotNull(axes, "sum: axes are null");
  }

  @Override
  public Shape shape(Shape x) {
    return axes.reducedShape(x, "sum");
  }

  @Override
  public NdArray forward(NdArray x) {
    return Reductions.sum(x, axes);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // each input element contributes once: spread grad back over the summed axes
    return grad.reshape(axes.keptShape(x.shape(), "sum")).broadcastTo(x.shape());
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same axes, behind the batch axis
    if (batch.shape(0).isScalar()) {
      return batch.get(0); // a scalar member has no axis to reduce (and Axes cannot say "no axes")
    }
    return Tensor.apply(new Sum(axes.shifted(batch.shape(0), 1, "sum")), batch.get(0));
  }
}
