package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import java.util.List;
import java.util.Map;

/** Modules applied one after another; children are named {@code "0"}, {@code "1"}, … */
public final class Sequential implements Module {
  private final List<Module> layers;

  private Sequential(List<Module> layers) {
    this.layers = List.copyOf(layers);
  }

  /**
   * The modules in application order.
   *
   * @param layers the modules, each fed the previous one's output
   * @return the sequence
   */
  public static Sequential of(Module... layers) {
    checkArgument(layers.length > 0, "sequential: needs at least one module");
    return new Sequential(List.of(layers));
  }

  /**
   * The layers in order; immutable.
   *
   * @return the layers
   */
  public List<Module> layers() {
    return layers;
  }

  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module layer : layers) {
      x = layer.forward(x);
    }
    return x;
  }

  /** The layers by position, {@code "0"} first; immutable. */
  @Override
  public Map<String, Module> children() {
    ImmutableMap.Builder<String, Module> named = ImmutableMap.builder();
    for (int i = 0; i < layers.size(); i++) {
      named.put(Integer.toString(i), layers.get(i));
    }
    return named.build();
  }

  @Override
  public String toString() {
    return "Sequential";
  }
}
