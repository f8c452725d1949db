package dev.chainrule.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.IntRange;

class LearningRateScheduleTest {
  @Property(tries = 100)
  void aConstantScheduleNeverChanges(
      @ForAll @Scale(6) @DoubleRange(min = 1e-6, max = 10) double lr, @ForAll @IntRange(min = 0, max = 10_000) int epoch) {
    assertEquals(lr, LearningRateSchedule.constant(lr).learningRate(epoch));
  }

  @Property(tries = 200)
  void aStepScheduleMultipliesByGammaEveryStepSizeEpochs(
      @ForAll @Scale(6) @DoubleRange(min = 1e-4, max = 1) double lr,
      @ForAll @IntRange(min = 1, max = 20) int stepSize,
      @ForAll @DoubleRange(min = 0.1, max = 1) double gamma,
      @ForAll @IntRange(min = 0, max = 200) int epoch) {
    double expected = lr;
    for (int e = 1; e <= epoch; e++) {
      if (e % stepSize == 0) {
        expected *= gamma;
      }
    }
    assertEquals(expected, LearningRateSchedule.step(lr, stepSize, gamma).learningRate(epoch), 1e-12 * lr);
  }

  @Example
  void aStepScheduleHalvingEveryTwoEpochs() {
    LearningRateSchedule schedule = LearningRateSchedule.step(0.1, 2, 0.5);
    double[] rates = new double[6];
    for (int e = 0; e < rates.length; e++) {
      rates[e] = schedule.learningRate(e);
    }
    assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025}, rates, 1e-15);
  }

  @Property(tries = 200)
  void anExponentialScheduleMultipliesByGammaEveryEpoch(
      @ForAll @Scale(6) @DoubleRange(min = 1e-4, max = 1) double lr,
      @ForAll @DoubleRange(min = 0.5, max = 1) double gamma,
      @ForAll @IntRange(min = 0, max = 100) int epoch) {
    LearningRateSchedule schedule = LearningRateSchedule.exponential(lr, gamma);
    assertEquals(lr, schedule.learningRate(0));
    if (epoch > 0) {
      assertEquals(schedule.learningRate(epoch - 1) * gamma, schedule.learningRate(epoch), 1e-12 * lr);
    }
  }

  @Property(tries = 200)
  void aCosineScheduleFollowsHalfACosineFromLrToMinLrThenStays(
      @ForAll @DoubleRange(min = 0.01, max = 1) double lr,
      @ForAll @DoubleRange(min = 0, max = 1) double minFraction,
      @ForAll @IntRange(min = 1, max = 100) int totalEpochs,
      @ForAll @IntRange(min = 0, max = 150) int epoch) {
    double minLr = lr * minFraction;
    LearningRateSchedule schedule = LearningRateSchedule.cosine(lr, minLr, totalEpochs);
    double expected = epoch >= totalEpochs
        ? minLr
        : minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * epoch / totalEpochs));
    assertEquals(expected, schedule.learningRate(epoch), 1e-12);
    assertEquals(lr, schedule.learningRate(0), 1e-15);
    assertTrue(schedule.learningRate(epoch + 1) <= schedule.learningRate(epoch));
  }

  @Example
  void aCosineScheduleIsHalfwayAtHalfTime() {
    assertEquals(0.55, LearningRateSchedule.cosine(1.0, 0.1, 10).learningRate(5), 1e-15);
  }

  @Property(tries = 200)
  void linearWarmupRampsUpToTheNextScheduleThenFollowsItShifted(
      @ForAll @IntRange(min = 0, max = 10) int warmupEpochs,
      @ForAll @IntRange(min = 0, max = 50) int epoch) {
    LearningRateSchedule after = LearningRateSchedule.exponential(0.1, 0.9);
    LearningRateSchedule schedule = LearningRateSchedule.linearWarmup(warmupEpochs, after);
    double expected = epoch < warmupEpochs
        ? 0.1 * (epoch + 1) / (warmupEpochs + 1)
        : after.learningRate(epoch - warmupEpochs);
    assertEquals(expected, schedule.learningRate(epoch), 1e-15);
    assertTrue(schedule.learningRate(epoch) > 0);
  }

  @Example
  void threeWarmupEpochsBeforeAConstantRate() {
    LearningRateSchedule schedule = LearningRateSchedule.linearWarmup(3, LearningRateSchedule.constant(0.1));
    double[] rates = new double[5];
    for (int e = 0; e < rates.length; e++) {
      rates[e] = schedule.learningRate(e);
    }
    assertArrayEquals(new double[] {0.025, 0.05, 0.075, 0.1, 0.1}, rates, 1e-15);
  }

  @Example
  void schedulesRejectNegativeEpochsAndBadArguments() {
    assertEquals(
        "cosine schedule: epoch must be non-negative; got -1",
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1, 0, 10).learningRate(-1))
            .getMessage());
    assertEquals(
        "step schedule: stepSize must be positive; got 0",
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 0, 0.5)).getMessage());
    assertEquals(
        "cosine schedule: minLr must be in [0, learningRate]; got 2.0 with learningRate 1.0",
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1, 2, 10)).getMessage());
  }

  @Example
  void aScheduleDrivesTheOptimizersLearningRate() {
    Optimizer optimizer = Optimizer.create(Sgd.of(0.1), java.util.List.of(Params.of(1.0)));
    LearningRateSchedule schedule = LearningRateSchedule.exponential(0.1, 0.5);
    optimizer.setLearningRate(schedule.learningRate(2));
    assertEquals(0.025, optimizer.learningRate(), 1e-15);
  }

  @Example
  void theFactoriesDescribeThemselvesStablyAndOtherSchedulesAreCustom() {
    assertEquals("constant(learningRate=0.1)", LearningRateSchedule.constant(0.1).description());
    assertEquals("step(learningRate=0.1, stepSize=2, gamma=0.5)", LearningRateSchedule.step(0.1, 2, 0.5).description());
    assertEquals("exponential(learningRate=0.1, gamma=0.9)", LearningRateSchedule.exponential(0.1, 0.9).description());
    assertEquals("cosine(learningRate=1.0, minLr=0.1, totalEpochs=10)",
        LearningRateSchedule.cosine(1, 0.1, 10).description());
    assertEquals("linearWarmup(warmupEpochs=3, after=constant(learningRate=0.1))",
        LearningRateSchedule.linearWarmup(3, LearningRateSchedule.constant(0.1)).description());
    LearningRateSchedule step = LearningRateSchedule.step(0.1, 2, 0.5);
    assertEquals(step.description(), step.toString());
    LearningRateSchedule custom = epoch -> 0.1;
    assertEquals("custom", custom.description());
  }
}
