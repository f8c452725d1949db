package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs a module with given tensors in place of its parameters, like {@code torch.func.functional_call}:
 * the output is then a differentiable function of those tensors. This is how a layer's gradients with
 * respect to its weights are checked numerically, and how meta-learning differentiates through updates.
 *
 * <p>The parameters are swapped in for the duration of the call and restored afterwards, even when the
 * forward pass fails; the module must not be used by another thread meanwhile.
 */
public final class FunctionalCall {
  private FunctionalCall() {}

  /**
   * {@code model.forward(input)} computed with {@code parameters} (by dotted name, a subset of
   * {@link Module#namedParameters()}; the rest keep their values).
   *
   * @param model the module to run; its own parameters are not changed
   * @param parameters replacement tensors by dotted name, each of its parameter's shape and dtype
   * @param input the module's input
   * @return the module's output, differentiable with respect to the replacement tensors
   */
  public static Tensor apply(Module model, Map<String, Tensor> parameters, Tensor input) {
    Map<String, Parameter> named = model.namedParameters();
    TreeSet<String> unknown = new TreeSet<>(parameters.keySet());
    unknown.removeAll(named.keySet());
    checkArgument(unknown.isEmpty(), "functional call: no parameters named %s; the model has %s", unknown, named.keySet());
    Map<Parameter, Tensor> saved = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
        Parameter p = named.get(e.getKey());
        saved.put(p, p.bind(e.getValue()));
      }
      return model.forward(input);
    } finally {
      saved.forEach(Parameter::bind);
    }
  }
}
