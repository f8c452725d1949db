package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.SoftmaxLines;

/**
 * Softmax along the last axis, {@code y = e^(x − max) / Σ e^(x − max)}: attention's weights and a
 * classifier's probabilities ({@code Tensor.softmax} moves another axis last and back). A primitive: one
 * pass over each row where the composition (max, subtract, exp, sum, divide) takes five and keeps their
 * arrays for its backward. The backward {@code y ⊙ (g − Σ g ⊙ y)} reads only the output; it is one fused
 * pass when nothing records, and composed of primitives while something does (a higher order, forward
 * mode over a gradient, a batched call), so that its own derivatives follow. The Jacobian
 * {@code diag(y) − y·yᵀ} is symmetric, so the tangent map is the same formula.
 */
public record Softmax() implements Op.Unary, Primitive {
  @Override
  public Shape shape(Shape x) {
    checkArgument(x.rank() > 0, "softmax: expected at least one axis; got %s", x);
    return x;
  }

  @Override
  public NdArray forward(NdArray x) {
    return SoftmaxLines.forward(x, x.shape().dim(x.rank() - 1));
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // nothing records during a plain first-order backward, so the fused kernel can run, unless vmap batches a value
    if (!Autodiff.isRecording() && !grad.isBatched() && !out.isBatched()) {
      return Tensor.of(SoftmaxLines.backward(grad.value(), out.value(), out.shape().dim(out.rank() - 1)));
    }
    return jvp(grad, x, out);
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return out.mul(t.sub(t.mul(out).sum(Axes.keep(-1)))); // composed, so that it can be differentiated again
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the last axis stays last behind the batch axis
    return Tensor.apply(this, batch.get(0));
  }
}
