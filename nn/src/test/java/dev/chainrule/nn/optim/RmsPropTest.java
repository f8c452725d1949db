package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.stepWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Example;

class RmsPropTest {
  private static final double TOLERANCE = 1e-12;

  @Example
  void rmsPropDividesByTheRootOfTheRunningAverageOfSquares() {
    Parameter w = Params.of(1.0);
    Optimizer rmsProp = Optimizer.create(RmsProp.of(0.01), List.of(w)); // ρ 0.9, ε 1e-8

    // step 1, g = 2: s = 0.1·4 = 0.4
    double w1 = 1 - 0.01 * 2 / (Math.sqrt(0.4) + 1e-8);
    assertEquals(w1, stepWith(rmsProp, w, 2), TOLERANCE);
    // step 2, g = −1: s = 0.9·0.4 + 0.1·1 = 0.46
    double w2 = w1 + 0.01 * 1 / (Math.sqrt(0.46) + 1e-8);
    assertEquals(w2, stepWith(rmsProp, w, -1), TOLERANCE);
    assertEquals(0.46, rmsProp.state().get("param.0.squareAverage").item(), TOLERANCE);
  }

  @Example
  void rmsPropWeightDecayIsAddedToTheGradient() {
    Parameter w = Params.of(1.0);
    Optimizer rmsProp = Optimizer.create(RmsProp.of(0.01).withWeightDecay(0.5), List.of(w));

    // g = 2 + 0.5·1 = 2.5, s = 0.1·6.25 = 0.625
    assertEquals(1 - 0.01 * 2.5 / (Math.sqrt(0.625) + 1e-8), stepWith(rmsProp, w, 2), TOLERANCE);
  }

  @Example
  void invalidRhoIsRejectedWithTheArgumentNamed() {
    assertEquals(
        "rmsprop: rho must be in [0, 1); got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 1.5, 1e-8, 0)).getMessage());
  }
}
