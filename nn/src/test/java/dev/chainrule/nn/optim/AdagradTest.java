package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.stepWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Example;

class AdagradTest {
  private static final double TOLERANCE = 1e-12;

  @Example
  void adagradDividesByTheRootOfTheSumOfAllSquaredGradients() {
    Parameter w = Params.of(1.0);
    Optimizer adagrad = Optimizer.create(Adagrad.of(0.1), List.of(w)); // ε 1e-10

    double w1 = 1 - 0.1 * 3 / (3 + 1e-10); // G = 9
    assertEquals(w1, stepWith(adagrad, w, 3), TOLERANCE);
    double w2 = w1 - 0.1 * 4 / (5 + 1e-10); // G = 9 + 16 = 25
    assertEquals(w2, stepWith(adagrad, w, 4), TOLERANCE);
    assertEquals(w2, stepWith(adagrad, w, 0), TOLERANCE); // G stays 25, no move
    assertEquals(25.0, adagrad.state().get("param.0.sumOfSquares").item(), TOLERANCE);
  }

  @Example
  void adagradWeightDecayIsAddedToTheGradient() {
    Parameter w = Params.of(1.0);
    Optimizer adagrad = Optimizer.create(Adagrad.of(0.1).withWeightDecay(1), List.of(w));

    // g = 1 + 1·1 = 2, G = 4
    assertEquals(1 - 0.1 * 2 / (2 + 1e-10), stepWith(adagrad, w, 1), TOLERANCE);
  }

  @Example
  void invalidEpsilonIsRejectedWithTheArgumentNamed() {
    assertEquals(
        "adagrad: epsilon must be positive; got -1.0E-10",
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.1, -1e-10, 0)).getMessage());
  }
}
