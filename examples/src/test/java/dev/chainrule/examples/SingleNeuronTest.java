package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The seed's single-neuron step: loss 9, gradient -12, updated weight 1.7 (exact in binary up to rounding). */
class SingleNeuronTest {
  private static final double ROUNDING = 1e-12;

  @Test
  void oneStepMatchesTheSeedDocument() {
    SingleNeuron.Result r = SingleNeuron.run();

    assertEquals(9, r.loss(), ROUNDING);
    assertEquals(-12, r.gradient(), ROUNDING);
    assertEquals(1.7, r.updatedWeight(), ROUNDING);
  }

  @Test
  void theStepLowersTheLoss() {
    // at w = 1.7 the prediction is 3.4, so the loss is (4 - 3.4)² = 0.36
    assertEquals(0.36, SingleNeuron.run().lossAfter(), ROUNDING);
  }
}
