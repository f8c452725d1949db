package dev.chainrule.nn.layer;

import dev.chainrule.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code weight}/{@code bias} parameter map most layers own, in PyTorch's naming and order. */
final class WeightAndBias {
  private WeightAndBias() {}

  /** {@code {weight, bias}}, or just {@code {weight}} when {@code bias} is null (a layer without bias). */
  static Map<String, Parameter> of(Parameter weight, Parameter bias) {
    Map<String, Parameter> p = new LinkedHashMap<>();
    p.put("weight", weight);
    if (bias != null) {
      p.put("bias", bias);
    }
    return p;
  }
}
