package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.UnaryFunction;

/**
 * Hyperbolic tangent, elementwise.
 * A primitive: an elementary function (and {@code 2σ(2x) − 1} loses relative precision near 0).
 */
public record Tanh() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.apply(x, UnaryFunction.TANH);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(out.square().neg().add(1)); // (tanh x)' = 1 - tanh² x
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
