package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.stepWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class AdamTest {
  private static final double TOLERANCE = 1e-12;

  @Example
  void adamCorrectsTheBiasOfBothMomentsAtSteps1And2() {
    Parameter w = Params.of(1.0);
    Optimizer adam = Optimizer.create(Adam.of(0.1), List.of(w)); // β₁ 0.9, β₂ 0.999, ε 1e-8

    // step 1, g = 2: m = 0.1·2 = 0.2, v = 0.001·4 = 0.004; m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4
    double w1 = 1 - 0.1 * 2 / (Math.sqrt(4) + 1e-8);
    assertEquals(w1, stepWith(adam, w, 2), TOLERANCE);
    assertEquals(0.2, adam.state().get("param.0.firstMoment").item(), TOLERANCE);
    assertEquals(0.004, adam.state().get("param.0.secondMoment").item(), TOLERANCE);

    // step 2, g = −1: m = 0.9·0.2 − 0.1 = 0.08, v = 0.999·0.004 + 0.001·1 = 0.004996
    // m̂ = 0.08/(1 − 0.9²) = 0.08/0.19, v̂ = 0.004996/(1 − 0.999²) = 0.004996/0.001999
    double w2 = w1 - 0.1 * (0.08 / 0.19) / (Math.sqrt(0.004996 / 0.001999) + 1e-8);
    assertEquals(w2, stepWith(adam, w, -1), TOLERANCE);
    assertEquals(2.0, adam.state().get("param.0.step").item());
  }

  @Property(tries = 100)
  void thanksToBiasCorrectionTheFirstStepHasTheSizeOfTheLearningRate(
      @ForAll @DoubleRange(min = 0.01, max = 100) double gradientSize,
      @ForAll boolean negative,
      @ForAll @Scale(6) @DoubleRange(min = 0.001, max = 1) double learningRate) {
    double g = negative ? -gradientSize : gradientSize;
    Parameter w = Params.of(0.0);
    Optimizer adam = Optimizer.create(Adam.of(learningRate), List.of(w));

    // m̂ = g and v̂ = g², so the step is −lr·g/(|g| + ε)
    assertEquals(-Math.signum(g) * learningRate, stepWith(adam, w, g), learningRate * 1e-6);
  }

  @Example
  void adamsWeightDecayIsAddedToTheGradientBeforeTheMoments() {
    Parameter w = Params.of(1.0);
    Optimizer adam = Optimizer.create(Adam.of(0.1).withWeightDecay(0.1), List.of(w));

    // g = 2 + 0.1·1 = 2.1, so m̂ = 2.1 and v̂ = 2.1²: the decay is normalised away
    assertEquals(1 - 0.1 * 2.1 / (2.1 + 1e-8), stepWith(adam, w, 2), TOLERANCE);
  }

  @Example
  void invalidConfigurationIsRejectedWithTheArgumentNamed() {
    assertEquals(
        "adam: beta2 must be in [0, 1); got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 1, 1e-8, 0)).getMessage());
    assertEquals(
        "adam: epsilon must be positive; got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, 0.999, 0, 0)).getMessage());
    assertEquals(
        "adam: learningRate must be finite; got Infinity",
        assertThrows(IllegalArgumentException.class, () -> Adam.of(Double.POSITIVE_INFINITY)).getMessage());
  }
}
