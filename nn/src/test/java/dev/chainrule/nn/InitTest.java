package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Initialisers draw with the variance their paper prescribes. */
class InitTest {

  @Test
  void xavierNormalHasMeanZeroAndVarianceTwoOverTheSumOfTheFans() {
    int fanIn = 300;
    int fanOut = 200;
    double[] w = Init.xavierNormal().sample(Shape.of(fanOut, fanIn), DType.FLOAT64, fanIn, fanOut, new Random(1))
        .toDoubleArray();
    double mean = 0;
    for (double v : w) {
      mean += v / w.length;
    }
    double variance = 0;
    for (double v : w) {
      variance += (v - mean) * (v - mean) / w.length;
    }
    double expected = 2.0 / (fanIn + fanOut);
    assertEquals(0, mean, 0.002);
    assertEquals(expected, variance, 0.03 * expected);
  }
}
