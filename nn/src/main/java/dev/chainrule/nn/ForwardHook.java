package dev.chainrule.nn;

import dev.chainrule.autodiff.Tensor;

/** A hook run after a {@link Hooked} module's forward, which sees the input and may replace the output. */
@FunctionalInterface
public interface ForwardHook {
  /**
   * Sees one forward call of the module.
   *
   * @param input the input the module was given (after the forward pre-hooks)
   * @param output the module's output (after the forward hooks registered earlier)
   * @return the output to use: {@code output} itself, or a replacement
   */
  Tensor apply(Tensor input, Tensor output);
}
