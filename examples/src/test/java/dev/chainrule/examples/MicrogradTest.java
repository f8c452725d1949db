package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** micrograd's README prints g, dg/da and dg/db to four decimals; the engine must agree to that precision. */
class MicrogradTest {
  private static final double FOUR_DECIMALS = 5e-5;

  @Test
  void gAndItsGradientMatchMicrogradsReadme() {
    Micrograd.Result r = Micrograd.run();

    assertEquals(24.7041, r.g(), FOUR_DECIMALS);
    assertEquals(138.8338, r.dgda(), FOUR_DECIMALS);
    assertEquals(645.5773, r.dgdb(), FOUR_DECIMALS);
  }
}
