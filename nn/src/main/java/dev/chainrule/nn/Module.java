package dev.chainrule.nn;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;
import java.util.Map;

/**
 * A function with trainable parameters: a layer, or a model composed of layers.
 *
 * <p>Implement {@link #forward}, and list what the module owns: {@link #localParameters()} and
 * {@link #localBuffers()} for its own arrays, {@link #children()} for submodules. Everything else
 * (hierarchical names such as {@code "0.weight"}, state dicts, parameter counts, the summary) is derived
 * from those three. Names keep insertion order, so a model's state dict has a stable order. The derived
 * maps and lists are immutable snapshots.
 *
 * <p>Behaviour that differs between training and evaluation reads the thread's {@link Mode}. To see or
 * change a module's input, output or gradients, wrap it in {@link Hooked}.
 */
public interface Module {
  /**
   * Applies the module.
   *
   * @param input the input, in the shape the module documents
   * @return the output
   */
  Tensor forward(Tensor input);

  /**
   * This module's own parameters (not its children's), by local name.
   *
   * @return the parameters, by name
   */
  default Map<String, Parameter> localParameters() {
    return Map.of();
  }

  /**
   * This module's own buffers (not its children's), by local name.
   *
   * @return the buffers, by name
   */
  default Map<String, Buffer> localBuffers() {
    return Map.of();
  }

  /**
   * The direct submodules, by local name.
   *
   * @return the submodules, by name
   */
  default Map<String, Module> children() {
    return Map.of();
  }

  /**
   * Every parameter of this module and its descendants, by dotted path such as {@code "0.weight"}; immutable.
   *
   * @return the parameters, by dotted path
   */
  default Map<String, Parameter> namedParameters() {
    return ModuleTree.collect(this, Module::localParameters);
  }

  /**
   * Every buffer of this module and its descendants, by dotted path; immutable.
   *
   * @return the buffers, by dotted path
   */
  default Map<String, Buffer> namedBuffers() {
    return ModuleTree.collect(this, Module::localBuffers);
  }

  /**
   * Every parameter, in {@link #namedParameters()} order; immutable.
   *
   * @return the parameters
   */
  default List<Parameter> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /**
   * Total number of trainable elements.
   *
   * @return the sum of the parameters' sizes
   */
  default long parameterCount() {
    long n = 0;
    for (Parameter p : namedParameters().values()) {
      n += p.size();
    }
    return n;
  }

  /**
   * Parameters and buffers by dotted path, each module's parameters then its buffers, module by module
   * (PyTorch's order): what a checkpoint saves; immutable.
   *
   * @return the values, by dotted path
   */
  default Map<String, NdArray> stateDict() {
    return ModuleTree.stateDict(this);
  }

  /**
   * Replaces every parameter and buffer with the entry of the same name. The names, shapes and dtypes
   * must match exactly; everything is checked before anything changes.
   *
   * @param state a value for every parameter and buffer, by dotted path
   */
  default void loadStateDict(Map<String, NdArray> state) {
    ModuleTree.load(this, state);
  }

  /** Drops every parameter's accumulated gradient. */
  default void zeroGrad() {
    for (Parameter p : namedParameters().values()) {
      p.zeroGrad();
    }
  }

  /**
   * A readable tree of the submodules with their parameter counts.
   *
   * @return the tree, one line per module
   */
  default String summary() {
    return ModuleTree.summary(this);
  }
}
