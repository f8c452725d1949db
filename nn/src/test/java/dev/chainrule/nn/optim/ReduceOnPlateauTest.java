package dev.chainrule.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Example;

class ReduceOnPlateauTest {
  private static double[] observeAll(ReduceOnPlateau plateau, double... metrics) {
    double[] rates = new double[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      rates[i] = plateau.observe(metrics[i]);
    }
    return rates;
  }

  @Example
  void theRateDropsAfterMoreThanPatienceBadObservationsAndStopsAtMinLr() {
    ReduceOnPlateau plateau = ReduceOnPlateau.create(1.0, 0.5, 2, 0, 0.1);
    double[] metrics = {10, 9, 9, 9.5, 9.2, 9.1, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8};
    double[] expected = {
      1, 1, // improvements
      1, 1, 0.5, // three bad observations with patience 2: halve, and count again
      0.5, 0.5, // 9.1 is bad (best is 9), 8 improves
      0.5, 0.5, 0.25,
      0.25, 0.25, 0.125,
      0.125, 0.125, 0.1, // 0.0625 is below minLr
      0.1, 0.1, 0.1
    };
    assertArrayEquals(expected, observeAll(plateau, metrics), 1e-15);
    assertEquals(8.0, plateau.best());
    assertEquals(0.1, plateau.learningRate());
  }

  @Example
  void anImprovementSmallerThanMinDeltaCountsAsBad() {
    ReduceOnPlateau plateau = ReduceOnPlateau.create(1.0, 0.5, 0, 0.5, 0);
    // 9.6 is not below 10 − 0.5; 9.4 is; 9.0 is not below 9.4 − 0.5
    assertArrayEquals(new double[] {1, 0.5, 0.5, 0.25}, observeAll(plateau, 10, 9.6, 9.4, 9.0), 1e-15);
    assertEquals(9.4, plateau.best());
  }

  @Example
  void aNaNMetricNeverImproves() {
    ReduceOnPlateau plateau = ReduceOnPlateau.create(1.0, 0.1, 1, 0, 0);
    assertArrayEquals(new double[] {1, 1, 0.1}, observeAll(plateau, 5, Double.NaN, Double.NaN), 1e-15);
    assertEquals(5.0, plateau.best());
  }

  @Example
  void defaultsWaitTenObservationsAndMultiplyByATenth() {
    ReduceOnPlateau plateau = ReduceOnPlateau.startingAt(0.1);
    double[] rates = observeAll(plateau, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    assertEquals(0.1, rates[10]);
    assertEquals(0.01, rates[11], 1e-15);
  }

  @Example
  void invalidFactorIsRejectedWithTheArgumentNamed() {
    assertEquals(
        "reduce on plateau: factor must be in (0, 1); got 1.0",
        assertThrows(IllegalArgumentException.class, () -> ReduceOnPlateau.create(0.1, 1, 5, 0, 0)).getMessage());
  }
}
