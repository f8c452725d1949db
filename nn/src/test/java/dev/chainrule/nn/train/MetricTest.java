package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import org.junit.jupiter.api.Test;

/** The built-in metrics' checks on their inputs. */
class MetricTest {

  @Test
  void accuracyOfASingleOutputIsAnErrorNotAlwaysOne() {
    Tensor p = Tensor.of(new double[][] {{0.1}, {0.9}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metric.accuracy().compute(p, Tensor.of(new double[][] {{1}, {0}})));
    assertTrue(e.getMessage().contains("use binaryAccuracy"), e.getMessage());
  }
}
