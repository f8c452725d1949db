package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** Elementwise sum {@code a + b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}. */
public record Add() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    Shapes.checkSame(this, a, b);
    return a.add(b);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out) {
    return Grads.of(grad, grad); // d(a+b) = da + db
  }
}
