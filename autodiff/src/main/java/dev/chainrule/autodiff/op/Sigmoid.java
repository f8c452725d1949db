package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.UnaryFunction;

/**
 * The logistic function {@code σ(x) = 1 / (1 + e^-x)}, elementwise. A primitive rather than a composite
 * for accuracy: computed as {@code e^x / (1 + e^x)} for negative {@code x}, it keeps full relative
 * precision in the left tail ({@code σ(-700) ≈ 1e-304}) where {@code ½·tanh(x/2) + ½} rounds to 0.
 */
public record Sigmoid() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.apply(x, UnaryFunction.SIGMOID);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(out.mul(out.neg().add(1))); // σ' = σ(1 - σ)
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
