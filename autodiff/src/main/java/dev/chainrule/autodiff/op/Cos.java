package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;

/** Cosine, elementwise (radians). */
public record Cos() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.map(x, Math::cos);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(x.sin()).neg(); // (cos x)' = -sin x
  }
}
