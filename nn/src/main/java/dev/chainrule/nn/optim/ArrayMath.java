package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.array.NdArray;

/** Array arithmetic with plain numbers, in the array's own dtype, shared by the update rules. */
final class ArrayMath {
  private ArrayMath() {}

  /** {@code x · factor}. */
  static NdArray scale(NdArray x, double factor) {
    return x.mul(NdArray.scalar(factor, x.dtype()));
  }

  /** {@code x + addend}. */
  static NdArray plus(NdArray x, double addend) {
    return x.add(NdArray.scalar(addend, x.dtype()));
  }

  /** {@code x²}, elementwise. */
  static NdArray square(NdArray x) {
    return x.mul(x);
  }

  /** {@code √x}, elementwise. */
  static NdArray sqrt(NdArray x) {
    return x.map(Math::sqrt);
  }

  /** The gradient with L2 weight decay folded in: {@code grad + λ·w}; {@code grad} itself when λ is 0. */
  static NdArray withL2(NdArray grad, NdArray w, double weightDecay) {
    return weightDecay == 0 ? grad : grad.add(scale(w, weightDecay));
  }
}
