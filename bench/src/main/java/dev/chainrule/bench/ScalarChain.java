package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;

/** The peer suite's scalar chain: from {@code x}, alternately {@code y·a} and {@code y + b}, {@code ops} times. */
final class ScalarChain {
  private ScalarChain() {}

  /** The chain's output, with its graph recorded (one node per op). */
  static Tensor build(Tensor x, Tensor a, Tensor b, int ops) {
    Tensor y = x;
    for (int i = 0; i < ops; i++) {
      y = i % 2 == 0 ? y.mul(a) : y.add(b);
    }
    return y;
  }
}
