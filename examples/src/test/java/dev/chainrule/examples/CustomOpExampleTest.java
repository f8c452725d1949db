package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The custom softplus: its gradients check out, it agrees with the built-in, and it trains. */
class CustomOpExampleTest {
  private static final double[] POINTS = {-800, -40, -3, -0.5, 0, 0.5, 3, 40, 800};

  @Test
  void firstAndSecondOrderGradientsMatchFiniteDifferences() {
    CustomOpExample.Result r = CustomOpExample.run();

    r.firstOrder().assertPassed();
    r.secondOrder().assertPassed();
  }

  @Test
  void valuesAndGradientsAgreeWithTensorSoftplus() {
    Tensor x = Tensor.of(POINTS).requiresGrad();
    Tensor builtIn = Tensor.of(POINTS).requiresGrad();

    Tensor custom = CustomOpExample.softplus(x);
    Tensor reference = builtIn.softplus();
    custom.sum().backward();
    reference.sum().backward();

    assertArrayEquals(reference.value().toDoubleArray(), custom.value().toDoubleArray(), 1e-15);
    assertArrayEquals(builtIn.grad().value().toDoubleArray(), x.grad().value().toDoubleArray(), 1e-15);
  }

  @Test
  void largeInputsNeitherOverflowNorUnderflowToZero() {
    double[] y = CustomOpExample.softplus(Tensor.of(-40, 800)).value().toDoubleArray();

    assertEquals(Math.exp(-40), y[0], 1e-30); // ln(1 + e^-40) = e^-40 to double precision
    assertEquals(800, y[1], 0);
  }

  @Test
  void trainingWithTheOpAsActivationLowersTheLoss() {
    List<Double> losses = CustomOpExample.run().losses();

    double last = losses.get(losses.size() - 1);
    assertTrue(last < 0.005, "final mse " + last);
    assertTrue(last < losses.get(0) / 100, "first " + losses.get(0) + ", last " + last);
  }
}
