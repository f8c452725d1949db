package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** Elementwise difference {@code a - b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}. */
public record Sub() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    Shapes.checkSame(this, a, b);
    return a.sub(b);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out) {
    return Grads.ofRequired(a, () -> grad, b, grad::neg); // d(a-b) = da - db
  }
}
