package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Comparisons;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.UnaryFunction;

/**
 * Rectified linear unit, elementwise: {@code max(x, 0)}.
 * A primitive: {@code x·[x > 0]} gives −0 for negative inputs and NaN at −∞, and {@code where} turns NaN into 0.
 * Its first-order backward is one pass over the gradient and the output; while something records, the
 * product by the mask {@code out > 0}, whose derivatives follow.
 *
 * <p>NOTE: not differentiable at 0; the gradient there is 0.
 */
public record Relu() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.apply(x, UnaryFunction.RELU);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    if (!Autodiff.isRecording() && !grad.isBatched() && !out.isBatched()) {
      return Tensor.of(Comparisons.maskedByPositive(grad.value(), out.value())); // the product below in one pass
    }
    return grad.mul(out.gt(0)); // relu'(x) = [x > 0]
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
