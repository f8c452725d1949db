package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** Natural exponential, elementwise: {@code Tensor.of(0, 1).exp()} → {@code [1.0, 2.71828…]}. */
public record Exp() implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.map(Math::exp);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(out); // (e^x)' = e^x = out
  }
}
