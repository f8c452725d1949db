package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weight/bias map most layers return from {@code localParameters()}. */
class WeightAndBiasTest {

  @Test
  void weightAndBiasCannotBeModifiedAndKeepPyTorchsOrder() {
    Map<String, Parameter> both = WeightAndBias.of(new Parameter(NdArray.of(1, 2)), new Parameter(NdArray.of(3)));
    assertEquals(List.of("weight", "bias"), List.copyOf(both.keySet()));
    assertThrows(UnsupportedOperationException.class, () -> both.remove("bias"));
  }

  @Test
  void weightAloneCannotBeModified() {
    Map<String, Parameter> weightOnly = WeightAndBias.of(new Parameter(NdArray.of(1, 2)), null);
    assertEquals(List.of("weight"), List.copyOf(weightOnly.keySet()));
    assertThrows(UnsupportedOperationException.class, () -> weightOnly.put("bias", new Parameter(NdArray.of(3))));
  }
}
