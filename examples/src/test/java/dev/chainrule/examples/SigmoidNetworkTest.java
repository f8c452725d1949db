package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The seed's 1-1-1 sigmoid network. Expected values are the exact ones to six significant digits
 * (the document rounds its intermediates to four, and prints its gradients with the wrong sign), so
 * each tolerance is half a unit in the sixth digit.
 */
class SigmoidNetworkTest {
  private final SigmoidNetwork.Result r = SigmoidNetwork.run();

  @Test
  void forwardPassMatchesTheSeed() {
    assertEquals(0.534943, r.o2(), 5e-7); // seed: 0.5349
    assertEquals(0.564755, r.o3(), 5e-7); // seed: 0.5647
    assertEquals(0.00914561, r.error(), 5e-9);
  }

  @Test
  void deltasAreTheGradientsOfTheNetInputs() {
    assertEquals(-0.0332441, r.delta3(), 5e-8); // seed: -0.03326 from rounded intermediates
    assertEquals(-0.00248113, r.delta2(), 5e-9); // seed: -0.002483
  }

  @Test
  void weightGradientsAreTheSeedsWithTheSignCorrected() {
    assertEquals(-0.0177837, r.dw32(), 5e-8); // seed: +0.01779
    assertEquals(-0.0332441, r.dw30(), 5e-8); // seed: +0.03326
    assertEquals(-0.000496227, r.dw21(), 5e-10); // seed: +0.000497
    assertEquals(-0.00248113, r.dw20(), 5e-9); // seed: +0.002483
  }

  @Test
  void descentStepRaisesW32AndLowersTheError() {
    assertEquals(0.301778, r.w32Updated(), 5e-7); // the seed's 0.298221 steps the wrong way
    assertTrue(r.errorAfter() < r.error(), () -> "E after the step " + r.errorAfter() + " >= " + r.error());
    assertTrue(r.errorAtSeedW32() > r.error(), () -> "E at w32 = 0.298221 is " + r.errorAtSeedW32());
  }

  @Test
  void gradientCheckPasses() {
    assertTrue(r.check().passed(), r.check()::toString);
    assertEquals(4, r.check().inputs().size());
  }
}
