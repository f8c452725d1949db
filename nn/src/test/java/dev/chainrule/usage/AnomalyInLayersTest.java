package dev.chainrule.usage;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.AnomalyException;
import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.layer.Linear;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Anomaly reports for ops made inside a layer name the caller's line and, through it, the layer's. This
 * class lives outside the library's packages so that its frames count as the caller's.
 */
class AnomalyInLayersTest {
  @Test
  void anOverflowInsideLinearNamesTheCallersLineAndTheLayersForward() {
    Linear layer = Linear.create(2, 1, DType.FLOAT64, Init.uniform(1, 2), new Random(1));
    Tensor x = Tensor.of(new double[][] {{Double.MAX_VALUE, Double.MAX_VALUE}});
    try (GradScope scope = Autodiff.detectAnomaly()) {
      int line = StackWalker.getInstance().walk(s -> s.findFirst()).orElseThrow().getLineNumber() + 1;
      AnomalyException e = assertThrows(AnomalyException.class, () -> layer.forward(x));
      assertTrue(e.getMessage().contains("forward returned Inf from finite inputs"), e.getMessage());
      assertTrue(e.getMessage().contains("(AnomalyInLayersTest.java:" + line + ") (through "
          + "dev.chainrule.nn.layer.Linear.forward(Linear.java:"), e.getMessage());
    }
  }
}
