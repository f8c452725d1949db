package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.stepWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Example;

class AdamWTest {
  private static final double TOLERANCE = 1e-12;

  @Example
  void adamWShrinksTheWeightsByLrTimesLambdaThenTakesAnAdamStep() {
    Parameter w = Params.of(1.0);
    Optimizer adamW = Optimizer.create(new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1), List.of(w));

    // step 1, g = 2: w ← 1·(1 − 0.1·0.1) = 0.99, then m̂ = 2, v̂ = 4
    double w1 = 0.99 - 0.1 * 2 / (2 + 1e-8);
    assertEquals(w1, stepWith(adamW, w, 2), TOLERANCE);
    // step 2, g = −1: w ← w1·0.99, then m̂ = 0.08/0.19, v̂ = 0.004996/0.001999 (as for Adam)
    double w2 = w1 * 0.99 - 0.1 * (0.08 / 0.19) / (Math.sqrt(0.004996 / 0.001999) + 1e-8);
    assertEquals(w2, stepWith(adamW, w, -1), TOLERANCE);
  }

  @Example
  void decoupledDecayDiffersFromAdamsL2DecayWithTheSameLambda() {
    Parameter forAdam = Params.of(1.0);
    Parameter forAdamW = Params.of(1.0);
    Optimizer adam = Optimizer.create(new Adam(0.1, 0.9, 0.999, 1e-8, 0.1), List.of(forAdam));
    Optimizer adamW = Optimizer.create(new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1), List.of(forAdamW));

    double adamStep = stepWith(adam, forAdam, 2); // ≈ 0.9: L2 decay is divided by √v̂
    double adamWStep = stepWith(adamW, forAdamW, 2); // ≈ 0.89: decay applied in full
    assertEquals(1 - 0.1 * 2.1 / (2.1 + 1e-8), adamStep, TOLERANCE);
    assertEquals(0.99 - 0.1 * 2 / (2 + 1e-8), adamWStep, TOLERANCE);
    assertEquals(0.01, adamStep - adamWStep, 1e-6);
  }

  @Example
  void withoutDecayAdamWIsAdam() {
    Parameter forAdam = Params.of(0.3, -0.7);
    Parameter forAdamW = Params.of(0.3, -0.7);
    Optimizer adam = Optimizer.create(Adam.of(0.05), List.of(forAdam));
    Optimizer adamW = Optimizer.create(AdamW.of(0.05).withWeightDecay(0), List.of(forAdamW));
    for (int t = 0; t < 3; t++) {
      Params.setGrad(forAdam, t - 1.5, 2.0 / (t + 1));
      Params.setGrad(forAdamW, t - 1.5, 2.0 / (t + 1));
      adam.step();
      adamW.step();
    }
    assertEquals(forAdam.value(), forAdamW.value());
  }

  @Example
  void defaultsFollowPyTorchAndInvalidDecayIsRejected() {
    assertEquals(new AdamW(0.001, 0.9, 0.999, 1e-8, 0.01), AdamW.defaults());
    assertEquals(
        "adamw: weightDecay must be non-negative; got -1.0",
        assertThrows(IllegalArgumentException.class, () -> AdamW.of(0.1).withWeightDecay(-1)).getMessage());
  }
}
