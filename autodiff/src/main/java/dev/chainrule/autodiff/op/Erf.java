package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.UnaryFunction;

/**
 * The error function {@code erf(x) = 2/√π ∫₀ˣ e^(−t²) dt}, elementwise: the Gaussian's cumulative
 * distribution behind exact GELU. A primitive: a special function.
 */
public record Erf() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.apply(x, UnaryFunction.ERF);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(x.square().neg().exp().mul(2 / Math.sqrt(Math.PI))); // erf'(x) = 2/√π · e^(−x²)
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
