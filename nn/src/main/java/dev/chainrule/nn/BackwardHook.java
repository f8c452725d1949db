package dev.chainrule.nn;

import dev.chainrule.autodiff.Tensor;

/**
 * A hook run during backward through a {@link Hooked} module, which sees the gradients with respect to the
 * module's output and input and may replace the latter (PyTorch's full backward hook).
 */
@FunctionalInterface
public interface BackwardHook {
  /**
   * Sees the gradients of one backward pass through one forward call of the module.
   *
   * @param gradInput the gradient with respect to the module's input (as the earlier backward hooks left it),
   *     or null when the input does not require grad
   * @param gradOutput the gradient with respect to the module's output
   * @return the gradient to pass on to the input: {@code gradInput} itself, or a replacement of its shape
   *     and dtype; ignored when {@code gradInput} is null
   */
  Tensor apply(Tensor gradInput, Tensor gradOutput);
}
