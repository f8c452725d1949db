package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What an op's backward returns: for each input, its gradient or "none".
 *
 * <p>{@code Grads.of(ga, gb)} gives both inputs a gradient; {@code Grads.none(3).with(1, g)} gives only
 * input 1 one; {@link #of(Needed, Supplier, Supplier)} skips the work for inputs that need none. "None" means the
 * output does not depend differentiably on that input (or that nothing asks for its gradient), which is
 * not the same as a zero gradient: it is never materialized.
 */
public final class Grads {
  private final Tensor[] grads;

  private Grads(Tensor[] grads) {
    this.grads = grads;
  }

  /**
   * One gradient per input, all present.
   *
   * @param grads one gradient per input, in input order; none may be null
   * @return gradients for all inputs
   */
  public static Grads of(Tensor... grads) {
    for (int i = 0; i < grads.length; i++) {
      checkNotNull(grads[i], "Grads.of: gradient %s is null; use Grads.none(n).with(i, g) for missing ones", i);
    }
    return new Grads(grads.clone());
  }

  /**
   * The gradients of a two-input op, each rule run only when {@code needed} asks for its input, so
   * backward does no work for constants: {@code Grads.of(needed, () -> grad.mul(b), () -> grad.mul(a))}.
   *
   * @param needed which of the two inputs need a gradient
   * @param gradA computes the gradient of the first input; called only if it is needed
   * @param gradB computes the gradient of the second input; called only if it is needed
   * @return the gradients of the needed inputs, none for the others
   */
  public static Grads of(Needed needed, Supplier<Tensor> gradA, Supplier<Tensor> gradB) {
    checkArgument(needed.size() == 2, "Grads.of: two rules for %s inputs", needed.size());
    return new Grads(new Tensor[] {ifNeeded(needed, 0, gradA), ifNeeded(needed, 1, gradB)});
  }

  private static Tensor ifNeeded(Needed needed, int index, Supplier<Tensor> rule) {
    if (!needed.get(index)) {
      return null;
    }
    return checkNotNull(rule.get(), "Grads.of: gradient %s is null; use Grads.none(n) for inputs without one", index);
  }

  /**
   * No gradient for any of {@code count} inputs.
   *
   * @param count the number of inputs, non-negative
   * @return gradients with none for every input
   */
  public static Grads none(int count) {
    checkArgument(count >= 0, "Grads.none: count must be non-negative; got %s", count);
    return new Grads(new Tensor[count]);
  }

  /**
   * A copy with {@code grad} for input {@code index}.
   *
   * @param index the input, in {@code [0, size())}
   * @param grad its gradient, not null
   * @return a new instance; this one is unchanged
   */
  public Grads with(int index, Tensor grad) {
    checkElementIndex(index, grads.length, "Grads.with: input index");
    checkNotNull(grad, "Grads.with: gradient %s is null", index);
    Tensor[] copy = grads.clone();
    copy[index] = grad;
    return new Grads(copy);
  }

  /**
   * Number of inputs covered.
   *
   * @return the number of inputs
   */
  public int size() {
    return grads.length;
  }

  /**
   * Whether input {@code index} has a gradient.
   *
   * @param index the input, in {@code [0, size())}
   * @return true if the input has a gradient, false for none
   */
  public boolean has(int index) {
    checkElementIndex(index, grads.length, "Grads.has: input index");
    return grads[index] != null;
  }

  /**
   * The gradient for input {@code index}; fails if it has none.
   *
   * @param index the input, in {@code [0, size())}
   * @return that input's gradient
   */
  public Tensor get(int index) {
    checkElementIndex(index, grads.length, "Grads.get: input index");
    checkArgument(grads[index] != null, "Grads.get: input %s has no gradient", index);
    return grads[index];
  }

  @Override
  public String toString() {
    return "Grads" + Arrays.toString(Arrays.stream(grads).map(g -> g == null ? "none" : g.shape().toString()).toArray());
  }
}
