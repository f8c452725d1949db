package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's printed forward pass (three decimals), and momentum training checked against a hand-written loop. */
class MomentumNetworkTest {
  private static final double THREE_DECIMALS = 5e-4;

  @Test
  void forwardPassMatchesTheSeedToThreeDecimals(@TempDir Path folder) {
    MomentumNetwork.Result r = MomentumNetwork.run(folder);

    assertEquals(0.584, r.hidden1(), THREE_DECIMALS);
    assertEquals(0.570, r.hidden2(), THREE_DECIMALS);
    assertEquals(0.654, r.output(), THREE_DECIMALS);
  }

  @Test
  void errorFallsBelowTheGoalExactlyAtTheReportedStep(@TempDir Path folder) {
    MomentumNetwork.Result r = MomentumNetwork.run(folder);

    assertEquals(r.steps() + 1, r.errors().size());
    assertTrue(r.errors().get(r.steps()) < 1e-4, "final E " + r.errors().get(r.steps()));
    assertTrue(r.errors().get(r.steps() - 1) >= 1e-4, "E was already below the goal one step earlier");
    assertTrue(r.steps() <= 20, "steps " + r.steps());
    assertTrue(r.stepsWithoutMomentum() > r.steps(), "momentum should need fewer steps than plain descent");
  }

  @Test
  void errorDecreasesOverall(@TempDir Path folder) {
    List<Double> errors = MomentumNetwork.run(folder).errors();

    assertTrue(errors.get(errors.size() - 1) < errors.get(0) / 10, errors.toString());
    assertEquals(0.5 * Math.pow(0.7 - 0.654, 2), errors.get(0), 1e-4); // the seed's error 0.046, squared and halved
  }

  @Test
  void trainingMatchesAHandWrittenBackpropagationLoop(@TempDir Path folder) {
    MomentumNetwork.Result r = MomentumNetwork.run(folder);
    List<Double> expected = handWrittenMomentumErrors(0.5, 0.9, r.steps());

    assertArrayEquals(toArray(expected), toArray(r.errors()), 1e-12);
  }

  @Test
  void writesTheErrorCurveAsAPng(@TempDir Path folder) throws Exception {
    Path chart = MomentumNetwork.run(folder).chart();

    byte[] bytes = Files.readAllBytes(chart);
    assertTrue(chart.startsWith(folder.toAbsolutePath().normalize()), chart.toString());
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals('P', bytes[1]);
  }

  /** The seed's network trained by the textbook deltas, with no engine: E before training and after each step. */
  private static List<Double> handWrittenMomentumErrors(double epsilon, double alpha, int steps) {
    double[] x = {0.5, 0.8};
    double target = 0.7;
    double[][] w1 = {{0.2, 0.3}, {0.4, 0.1}}; // w1[j][i]: input i to hidden j
    double[] w2 = {0.6, 0.5};
    double[][] dw1 = new double[2][2];
    double[] dw2 = new double[2];
    List<Double> errors = new ArrayList<>();
    for (int step = 0; step <= steps; step++) {
      double[] y = new double[2];
      for (int j = 0; j < 2; j++) {
        y[j] = sigmoid(w1[j][0] * x[0] + w1[j][1] * x[1]);
      }
      double o = sigmoid(w2[0] * y[0] + w2[1] * y[1]);
      errors.add(0.5 * (target - o) * (target - o));
      double deltaOut = (o - target) * o * (1 - o); // ∂E/∂net_out
      for (int j = 0; j < 2; j++) {
        double deltaHidden = deltaOut * w2[j] * y[j] * (1 - y[j]);
        for (int i = 0; i < 2; i++) {
          dw1[j][i] = -epsilon * deltaHidden * x[i] + alpha * dw1[j][i];
        }
        dw2[j] = -epsilon * deltaOut * y[j] + alpha * dw2[j];
      }
      for (int j = 0; j < 2; j++) {
        w2[j] += dw2[j];
        for (int i = 0; i < 2; i++) {
          w1[j][i] += dw1[j][i];
        }
      }
    }
    return errors;
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
