package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A linear layer says whether it carries a bias. */
class LinearTest {

  @Test
  void onlyALayerCreatedWithABiasHasOne() {
    assertTrue(Linear.create(3, 2, new Random(1)).hasBias());
    assertFalse(Linear.withoutBias(3, 2, DType.FLOAT64, Init.zeros(), new Random(1)).hasBias());
  }
}
