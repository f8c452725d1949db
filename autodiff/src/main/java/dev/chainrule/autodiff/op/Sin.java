package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** Sine, elementwise (radians). */
public record Sin() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.map(Math::sin);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(x.cos()); // (sin x)' = cos x
  }
}
