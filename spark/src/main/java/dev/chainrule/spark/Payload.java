package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.io.SafeTensors;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What travels between the driver and the tasks: named groups of arrays (parameters, buffers, gradients,
 * optimizer state) and a few numbers, as one safetensors blob. Immutable; the groups keep their order.
 *
 * @param groups the arrays of each group by name, in order
 */
record Payload(Map<String, Map<String, NdArray>> groups) {
  static final String PARAMETERS = "parameters";
  static final String BUFFERS = "buffers";
  static final String GRADIENTS = "gradients";
  static final String OPTIMIZER = "optimizer";
  static final String NUMBERS = "numbers";

  Payload {
    Map<String, Map<String, NdArray>> copy = new LinkedHashMap<>();
    groups.forEach((k, v) -> copy.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    groups = java.util.Collections.unmodifiableMap(copy);
  }

  /** An empty payload, to add groups to. */
  static Payload empty() {
    return new Payload(Map.of());
  }

  /** This payload with {@code group} set to {@code arrays}. */
  Payload with(String group, Map<String, NdArray> arrays) {
    Map<String, Map<String, NdArray>> next = new LinkedHashMap<>(groups);
    next.put(group, arrays);
    return new Payload(next);
  }

  /**
   * The arrays of {@code group}, empty when it has none (an empty group leaves no trace in the bytes: a
   * model without buffers sends none). The receiver checks them against the model's schema.
   */
  Map<String, NdArray> group(String group) {
    return groups.getOrDefault(group, Map.of());
  }

  /** A number stored under {@code name} in the numbers group. */
  double number(String name) {
    NdArray value = group(NUMBERS).get(name); // numbers are always sent
    checkArgument(value != null, "spark: a message lacks the number %s", name);
    return value.item();
  }

  /** The safetensors bytes: each array under {@code group/name}. */
  byte[] encode() {
    Map<String, NdArray> flat = new LinkedHashMap<>();
    groups.forEach((group, arrays) -> arrays.forEach((name, value) -> flat.put(group + "/" + name, value)));
    return SafeTensors.encode(flat, Map.of());
  }

  /** The payload held in {@code bytes}. */
  static Payload decode(byte[] bytes) {
    Map<String, Map<String, NdArray>> groups = new LinkedHashMap<>();
    SafeTensors.decode(bytes).tensors().forEach((key, value) -> {
      int slash = key.indexOf('/');
      checkArgument(slash > 0, "spark: a message holds an array without a group; got %s", key);
      groups.computeIfAbsent(key.substring(0, slash), k -> new LinkedHashMap<>()).put(key.substring(slash + 1), value);
    });
    return new Payload(groups);
  }
}
