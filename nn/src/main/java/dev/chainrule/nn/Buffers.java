package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's buffers (such as batch normalization's running statistics) as maps by name, and the
 * average of several replicas' buffers: what data-parallel training exchanges besides gradients.
 */
public final class Buffers {
  /** The suffix of a buffer that counts (batch normalization's batch count), averaged by maximum. */
  private static final String COUNTER = "num_batches_tracked";

  private Buffers() {}

  /**
   * A module's buffer values by name, in {@link Module#namedBuffers()} order.
   *
   * @param module the module
   * @return the values, unmodifiable
   */
  public static Map<String, NdArray> values(Module module) {
    Map<String, NdArray> values = new LinkedHashMap<>();
    module.namedBuffers().forEach((name, b) -> values.put(name, b.value()));
    return Collections.unmodifiableMap(values);
  }

  /**
   * The elementwise mean of several replicas' buffers: for each name, the replicas' arrays summed in
   * list order, {@code ((b0 + b1) + b2) …}, then divided by the count, all in the arrays' dtype. A buffer
   * that counts (its name ends in {@code num_batches_tracked}) takes the largest replica's value instead,
   * so replicas that each saw the same number of batches keep that number.
   *
   * @param replicas buffer maps with equal names, shapes and dtypes, at least one
   * @return the averages by name, unmodifiable, in the first replica's order
   * @throws IllegalArgumentException if the list is empty or the maps' names, shapes or dtypes differ
   */
  public static Map<String, NdArray> average(List<Map<String, NdArray>> replicas) {
    checkArgument(replicas != null && !replicas.isEmpty(), "average: needs at least one replica; got %s", replicas);
    ParameterSchema schema = ParameterSchema.of(replicas.get(0));
    for (int i = 1; i < replicas.size(); i++) {
      schema.check(replicas.get(i), "average: replica " + i + " differs from replica 0");
    }
    Map<String, NdArray> average = new LinkedHashMap<>();
    for (String name : schema.names()) {
      Tensor total = Tensor.of(replicas.get(0).get(name));
      for (int i = 1; i < replicas.size(); i++) {
        Tensor next = Tensor.of(replicas.get(i).get(name));
        total = name.endsWith(COUNTER) ? total.maximum(next) : total.add(next);
      }
      average.put(name, name.endsWith(COUNTER) ? total.value() : total.div(replicas.size()).value());
    }
    return Collections.unmodifiableMap(average);
  }

  /**
   * Replaces each buffer of {@code module} by the value of the same name. The names, shapes and dtypes
   * must match the module's buffers exactly; everything is checked before any buffer changes.
   *
   * @param module the module
   * @param values a value per buffer, by name
   * @throws IllegalArgumentException if a name is missing or unexpected, or a shape or dtype differs
   */
  public static void load(Module module, Map<String, NdArray> values) {
    ParameterSchema.of(values(module)).check(values, "buffers load");
    module.namedBuffers().forEach((name, b) -> b.update(values.get(name)));
  }
}
