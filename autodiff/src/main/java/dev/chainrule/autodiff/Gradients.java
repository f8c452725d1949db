package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradients of one output with respect to chosen inputs: an immutable map keyed by tensor identity.
 *
 * <p>Returned by {@link Autodiff#grad}; nothing is written into the inputs. An input that the output does
 * not depend on has a zero gradient.
 */
public final class Gradients {
  private final List<Tensor> inputs;
  private final Map<Tensor, Tensor> byInput;

  Gradients(List<Tensor> inputs, IdentityHashMap<Tensor, Tensor> byInput) {
    this.inputs = List.copyOf(inputs);
    this.byInput = Collections.unmodifiableMap(byInput);
  }

  /**
   * The gradient for {@code input}, shaped like it.
   *
   * @param input one of the tensors the gradients were taken for
   * @return its gradient
   */
  public Tensor get(Tensor input) {
    Tensor g = byInput.get(input);
    checkArgument(g != null, "Gradients.get: %s was not among the inputs the gradients were taken for", input);
    return g;
  }

  /**
   * The gradients in the order the inputs were given.
   *
   * @return an unmodifiable list with one gradient per input
   */
  public List<Tensor> asList() {
    List<Tensor> out = new ArrayList<>(inputs.size());
    for (Tensor x : inputs) {
      out.add(byInput.get(x));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Number of inputs.
   *
   * @return the number of inputs the gradients were taken for
   */
  public int size() {
    return inputs.size();
  }

  @Override
  public String toString() {
    return "Gradients" + asList();
  }
}
