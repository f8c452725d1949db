package dev.chainrule.nn.loss;

import dev.chainrule.autodiff.Tensor;

/** How per-element losses become one number. */
public enum Reduction {
  /** The average over all elements (PyTorch's default). */
  MEAN,
  /** The sum over all elements. */
  SUM;

  /**
   * Applies this reduction.
   *
   * @param elementwise the per-element losses
   * @return their mean or sum, a scalar
   */
  public Tensor reduce(Tensor elementwise) {
    return this == MEAN ? elementwise.mean() : elementwise.sum();
  }
}
