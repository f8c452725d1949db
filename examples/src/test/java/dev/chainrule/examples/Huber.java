package dev.chainrule.examples;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.op.Op;

/** The Huber function: x²/2 for |x| ≤ δ, δ(|x| - δ/2) beyond. The README's custom op, verbatim. */
record Huber(double delta) implements Op.Unary {
  Huber {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("huber: delta must be positive; got " + delta);
    }
  }

  @Override
  public NdArray forward(NdArray x) {
    return x.map(v -> Math.abs(v) <= delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta));
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.mul(x.clamp(-delta, delta)); // huber'(x) = clamp(x, -δ, δ)
  }
}
