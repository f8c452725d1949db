package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Reverse mode started from a {@link Tensor}: {@code backward()} and its overloads, which add the gradients
 * into the leaves' (and retained intermediates') {@code grad()}; {@link Autodiff#grad} returns them as
 * values instead.
 */
public sealed interface BackwardOps permits Tensor {
  /** Backpropagates from this scalar: adds {@code d this / d leaf} into every leaf's {@link Tensor#grad()}. */
  default void backward() {
    Backprop.accumulate((Tensor) this, null, GradOptions.defaults());
  }

  /**
   * Backpropagates from this scalar with the given graph options.
   *
   * @param options whether to keep the graph and whether to record the pass for higher-order gradients
   */
  default void backward(GradOptions options) {
    Backprop.accumulate((Tensor) this, null, options);
  }

  /**
   * Backpropagates {@code seed} (shaped like this tensor): adds the vector-Jacobian product into leaves.
   *
   * @param seed the gradient of the eventual loss with respect to this tensor, of this shape and dtype
   */
  default void backward(Tensor seed) {
    Backprop.accumulate((Tensor) this, checkNotNull(seed, "backward: seed is null"), GradOptions.defaults());
  }

  /**
   * Backpropagates {@code seed} with the given graph options.
   *
   * @param seed the gradient of the eventual loss with respect to this tensor, of this shape and dtype
   * @param options whether to keep the graph and whether to record the pass for higher-order gradients
   */
  default void backward(Tensor seed, GradOptions options) {
    Backprop.accumulate((Tensor) this, checkNotNull(seed, "backward: seed is null"), options);
  }
}
