package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import org.junit.jupiter.api.Test;

/** Dropout's inverted scaling in training mode. */
class DropoutTest {

  @Test
  void dropoutScalesSurvivorsByOneOverKeepProbability() {
    NdArray y = Dropout.create(0.75, 5).forward(Tensor.of(NdArray.full(Shape.of(1000), DType.FLOAT64, 1))).value();
    for (int i = 0; i < y.size(); i++) {
      assertTrue(y.getFlat(i) == 0 || y.getFlat(i) == 4, "element " + y.getFlat(i));
    }
  }

  @Test
  void maskNumberNDependsOnlyOnTheSeedAndN() {
    Tensor ones = Tensor.of(NdArray.full(Shape.of(64), DType.FLOAT64, 1));
    Dropout a = Dropout.create(0.5, 3);
    NdArray first = a.forward(ones).value();
    try (ModeScope eval = Mode.eval()) {
      a.forward(ones); // evaluation draws nothing
    }
    NdArray second = a.forward(ones).value();
    assertEquals(2, a.draws());
    assertNotEquals(first, second);
    Dropout b = Dropout.create(0.5, 3);
    b.restoreDraws(1);
    assertEquals(second, b.forward(ones).value());
  }
}
