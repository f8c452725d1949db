package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/** L2 weight decay folded into a gradient, shared by the update rules that add it to the gradient. */
final class WeightDecay {
  private WeightDecay() {}

  /** {@code grad + λ·w}; {@code grad} itself when λ is 0. */
  static Tensor withL2(NdArray grad, NdArray w, double weightDecay) {
    Tensor g = Tensor.of(grad);
    return weightDecay == 0 ? g : g.add(Tensor.of(w).mul(weightDecay));
  }
}
