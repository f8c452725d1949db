package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.UnaryFunction;

/**
 * Sine, elementwise (radians).
 * A primitive: an elementary function.
 */
public record Sin() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.apply(x, UnaryFunction.SIN);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(x.cos()); // (sin x)' = cos x
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
