package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** XOR with momentum: a fixed seed solves it, and the statistics are computed from the runs. */
class XorTest {
  private static final double[] TARGETS = {0, 1, 1, 0};

  @Test
  void seedOneSolvesXorWithinFourHundredSweeps() {
    Xor.Run run = Xor.train(1, 400);

    assertTrue(run.solved(), "seed 1 after " + run.sweeps() + " sweeps: E " + run.error());
    for (int i = 0; i < 4; i++) {
      assertEquals(TARGETS[i], run.outputs().getFlat(i), 0.1, "pattern " + i);
    }
  }

  @Test
  void aRunStuckInALocalMinimumIsReportedAtTheCap() {
    Xor.Run run = Xor.train(3, 1000);

    assertFalse(run.solved());
    assertEquals(1000, run.sweeps());
    assertTrue(run.error() > 0.3, "E " + run.error()); // three outputs near 1/3: E ≈ 1/3
  }

  @Test
  void statisticsAreComputedFromTheSolvedRuns() {
    Xor.Result r = Xor.run(4, 1500);

    List<Xor.Run> runs = r.runs();
    assertEquals(4, runs.size());
    long solved = runs.stream().filter(Xor.Run::solved).count();
    double mean = runs.stream().filter(Xor.Run::solved).mapToInt(Xor.Run::sweeps).average().orElseThrow();
    int min = runs.stream().filter(Xor.Run::solved).mapToInt(Xor.Run::sweeps).min().orElseThrow();
    int max = runs.stream().filter(Xor.Run::solved).mapToInt(Xor.Run::sweeps).max().orElseThrow();
    assertEquals(3, solved); // seed 3 is stuck
    assertEquals(solved, r.solvedCount());
    assertEquals(mean, r.meanSweeps(), 1e-12);
    assertEquals(min, r.minSweeps());
    assertEquals(max, r.maxSweeps());
    assertTrue(r.minSweeps() <= r.medianSweeps() && r.medianSweeps() <= r.maxSweeps());
  }
}
