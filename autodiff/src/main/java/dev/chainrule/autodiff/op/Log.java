package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.UnaryFunction;

/**
 * Natural logarithm, elementwise; NaN below 0, {@code -∞} at 0.
 * A primitive: an elementary function.
 */
public record Log() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.apply(x, UnaryFunction.LOG);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.div(x); // (ln x)' = 1/x
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return backward(t, x, out); // elementwise: the Jacobian is diagonal, so J·t = Jᵀ·t
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise: the batch is one more axis
    return Tensor.apply(this, batch.get(0));
  }
}
