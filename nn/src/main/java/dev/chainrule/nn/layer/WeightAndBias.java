package dev.chainrule.nn.layer;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.nn.Parameter;
import java.util.Map;

/** The {@code weight}/{@code bias} parameter map most layers own, in PyTorch's naming and order. */
final class WeightAndBias {
  private WeightAndBias() {}

  /**
   * {@code {weight, bias}}, or just {@code {weight}} when {@code bias} is null (a layer without bias);
   * immutable.
   */
  static Map<String, Parameter> of(Parameter weight, Parameter bias) {
    return bias == null ? ImmutableMap.of("weight", weight) : ImmutableMap.of("weight", weight, "bias", bias);
  }
}
