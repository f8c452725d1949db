package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** Elementwise quotient {@code a / b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}. */
public record Div() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    Shapes.checkSame(this, a, b);
    return a.div(b);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out) {
    // d(a/b) = da/b - (a/b²) db
    return Grads.ofRequired(a, () -> grad.div(b), b, () -> grad.mul(out).div(b).neg());
  }
}
