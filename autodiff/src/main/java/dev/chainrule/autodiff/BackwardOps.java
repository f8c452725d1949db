package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import java.util.function.UnaryOperator;

/**
 * Reverse mode started from a {@link Tensor}: {@code backward()} and its overloads, which add the gradients
 * into the leaves' (and retained intermediates') {@code grad()}; {@link Autodiff#grad} returns them as
 * values instead. Gradient hooks see or replace the gradient passing through a tensor.
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

  /**
   * Registers a hook that each backward pass through this tensor calls, once, with the tensor's total
   * gradient (summed over every path) before the gradient flows on to the inputs, is returned by
   * {@link Autodiff#grad} or is accumulated into {@link Tensor#grad()}. The hook returns the gradient to use
   * instead: the same tensor, or a new one of this tensor's shape and dtype. Hooks run in registration
   * order, each given the previous one's result, with graph recording on only when the pass creates a
   * graph; what a hook computes is then part of the gradient's graph.
   *
   * @param hook maps the gradient to the one passed on
   * @return the handle that removes the hook
   */
  default HookHandle registerHook(UnaryOperator<Tensor> hook) {
    checkNotNull(hook, "registerHook: hook is null");
    Tensor self = (Tensor) this;
    checkState(self.isGradRequired(), "registerHook: this tensor does not require grad; create it with requiresGrad()");
    return self.hookList().add(hook);
  }
}
