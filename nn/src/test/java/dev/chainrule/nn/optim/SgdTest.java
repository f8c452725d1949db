package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.setGrad;
import static dev.chainrule.nn.optim.Params.stepWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class SgdTest {
  private static final double TOLERANCE = 1e-12;

  @Example
  void plainSgdStepsAgainstTheGradientElementwise() {
    Parameter w = Params.of(1, -2);
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), List.of(w));

    setGrad(w, 0.5, 1);
    sgd.step(); // w − 0.1·g = [1 − 0.05, −2 − 0.1]
    assertArrayEquals(new double[] {0.95, -2.1}, w.value().toDoubleArray(), TOLERANCE);

    setGrad(w, -1, 2);
    sgd.step(); // [0.95 + 0.1, −2.1 − 0.2]
    assertArrayEquals(new double[] {1.05, -2.3}, w.value().toDoubleArray(), TOLERANCE);
    assertEquals(List.of("learningRate", "stepCount"), List.copyOf(sgd.state().keySet()));
  }

  @Example
  void momentumFollowsTheRumelhartHintonWilliamsRecurrenceWithAChangingGradient() {
    Parameter w = Params.of(1.0);
    Optimizer sgd = Optimizer.create(Sgd.withMomentum(0.1, 0.9), List.of(w));

    // Δw(t) = −ε·g(t) + α·Δw(t−1),  w(t) = w(t−1) + Δw(t)
    assertEquals(0.8, stepWith(sgd, w, 2), TOLERANCE); // Δw = −0.2
    assertEquals(0.72, stepWith(sgd, w, -1), TOLERANCE); // Δw = 0.1 + 0.9·(−0.2) = −0.08
    assertEquals(0.598, stepWith(sgd, w, 0.5), TOLERANCE); // Δw = −0.05 + 0.9·(−0.08) = −0.122
    assertEquals(-0.122, sgd.state().get("param.0.velocity").item(), TOLERANCE);
  }

  @Example
  void aLearningRateChangeAffectsOnlyTheNewGradientTerm() {
    Parameter w = Params.of(0.0);
    Optimizer sgd = Optimizer.create(Sgd.withMomentum(0.1, 0.5), List.of(w));

    assertEquals(-0.1, stepWith(sgd, w, 1), TOLERANCE); // Δw = −0.1
    sgd.setLearningRate(1.0);
    // Δw = −1.0·1 + 0.5·(−0.1) = −1.05; PyTorch's v = 0.5·1 + 1 = 1.5 would give −0.1 − 1.0·1.5 = −1.6
    assertEquals(-1.15, stepWith(sgd, w, 1), TOLERANCE);
  }

  @Property(tries = 100)
  void withAConstantLearningRateMomentumMatchesPyTorchsVelocityForm(
      @ForAll @Size(min = 1, max = 8) List<@DoubleRange(min = -3, max = 3) Double> gradients,
      @ForAll @DoubleRange(min = 0.01, max = 1) double learningRate,
      @ForAll @DoubleRange(min = 0, max = 0.99) double momentum) {
    Parameter w = Params.of(0.5);
    Optimizer sgd = Optimizer.create(Sgd.withMomentum(learningRate, momentum), List.of(w));
    double torchW = 0.5;
    double torchV = 0;
    for (double g : gradients) {
      stepWith(sgd, w, g);
      torchV = momentum * torchV + g;
      torchW -= learningRate * torchV;
    }
    assertEquals(torchW, Params.item(w), 1e-9);
  }

  @Example
  void nesterovStepsFromTheLookAheadForm() {
    Parameter w = Params.of(1.0);
    Optimizer sgd = Optimizer.create(Sgd.nesterov(0.1, 0.9), List.of(w));

    // Δw(t) = −ε·g(t) + α·Δw(t−1),  w(t) = w(t−1) + α·Δw(t) − ε·g(t)
    assertEquals(0.62, stepWith(sgd, w, 2), TOLERANCE); // Δw = −0.2; 1 + 0.9·(−0.2) − 0.2
    assertEquals(0.648, stepWith(sgd, w, -1), TOLERANCE); // Δw = −0.08; 0.62 + 0.9·(−0.08) + 0.1
    assertEquals(-0.08, sgd.state().get("param.0.velocity").item(), TOLERANCE);
  }

  @Example
  void weightDecayAddsLambdaTimesTheWeightToTheGradient() {
    Parameter w = Params.of(2.0);
    Optimizer sgd = Optimizer.create(Sgd.of(0.1).withWeightDecay(0.5), List.of(w));

    assertEquals(1.8, stepWith(sgd, w, 1), TOLERANCE); // g = 1 + 0.5·2 = 2; 2 − 0.2
    assertEquals(1.61, stepWith(sgd, w, 1), TOLERANCE); // g = 1 + 0.5·1.8 = 1.9; 1.8 − 0.19
  }

  @Example
  void invalidConfigurationIsRejectedWithTheArgumentNamed() {
    assertEquals(
        "sgd: learningRate must be positive; got -1.0",
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(-1)).getMessage());
    assertEquals(
        "sgd: momentum must be in [0, 1); got 1.0",
        assertThrows(IllegalArgumentException.class, () -> Sgd.withMomentum(0.1, 1)).getMessage());
    assertEquals(
        "sgd: weightDecay must be non-negative; got -0.1",
        assertThrows(IllegalArgumentException.class, () -> Sgd.of(0.1).withWeightDecay(-0.1)).getMessage());
    assertEquals(
        "sgd: nesterov needs a positive momentum; got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, true, 0)).getMessage());
  }
}
