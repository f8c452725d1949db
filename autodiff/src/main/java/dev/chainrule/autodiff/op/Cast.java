package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Conversion to another dtype; the gradient is converted back.
 * A primitive: the one op that changes dtype.
 *
 * @param target the dtype of the result
 */
public record Cast(DType target) implements Op.Unary, Primitive {
  /**
   * Checks the target dtype is present.
   *
   * @param target the dtype of the result
   */
  public Cast {
    checkNotNull(target, "to: dtype is null");
  }

  @Override
  public NdArray forward(NdArray x) {
    return x.to(target);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.to(x.dtype()); // identity, in the input's precision
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise: the batch is one more axis
    return Tensor.apply(this, batch.get(0));
  }
}
