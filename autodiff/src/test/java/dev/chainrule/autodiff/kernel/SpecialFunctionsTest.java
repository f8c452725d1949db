package dev.chainrule.autodiff.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.math3.special.Erf;

class SpecialFunctionsTest {
  @Example
  void erfMatchesTabulatedValuesToTheLastPlaces() {
    // erf(x) to 17 significant digits (Abramowitz & Stegun's table, checked with 40-digit arithmetic)
    double[][] table = {
      {0.1, 0.11246291601828489}, {0.5, 0.52049987781304654}, {1, 0.84270079294971487},
      {1.5, 0.96610514647531073}, {2, 0.99532226501895273}, {2.5, 0.99959304798255504},
      {3, 0.99997790950300141}, {4, 0.99999998458274210}, {5, 0.99999999999846254},
    };
    for (double[] row : table) {
      assertEquals(row[1], SpecialFunctions.erf(row[0]), 6 * Math.ulp(row[1]), "erf(" + row[0] + ")");
      assertEquals(-row[1], SpecialFunctions.erf(-row[0]), 6 * Math.ulp(row[1]), "erf(" + -row[0] + ")");
    }
  }

  @Example
  void erfKeepsSignedZerosInfinitiesAndNaN() {
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.erf(-0.0)));
    assertEquals(0.0, SpecialFunctions.erf(0.0));
    assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
    assertEquals(1e-300 * 1.1283791670955126, SpecialFunctions.erf(1e-300), 1e-315);
    assertEquals(Double.NaN, SpecialFunctions.erf(Double.NaN));
  }

  @Property(tries = 2000)
  void erfAgreesWithAnIndependentImplementation(@ForAll @DoubleRange(min = -8, max = 8) double x) {
    assertEquals(Erf.erf(x), SpecialFunctions.erf(x), 2e-15, "erf(" + x + ")");
  }

  @Example
  void erfIsWithinTwoUlpsOfTheExactValueWhateverTheRange() {
    // every 1/512 up to 6.5 and 3,000 random points, against the value computed in 60-digit arithmetic
    java.util.Random random = new java.util.Random(5);
    double worst = 0;
    for (int i = 0; i < 3_328 + 3_000; i++) {
      double x = i < 3_328 ? i / 512.0 : random.nextDouble() * 6.5;
      double exact = SpecialFunctions.erfExact(x);
      double ulps = exact == 0 ? 0 : Math.abs(SpecialFunctions.erf(x) - exact) / Math.ulp(exact);
      worst = Math.max(worst, ulps);
      assertEquals(exact, SpecialFunctions.erf(x), 2 * Math.ulp(exact), "erf(" + x + ")");
      assertEquals(-SpecialFunctions.erf(x), SpecialFunctions.erf(-x), 0, "odd at " + x);
    }
    assertTrue(worst <= 2, "worst " + worst + " ulps");
  }

  @Example
  void theExactReferenceAgreesWithTheFortyDigitTable() {
    assertEquals(0.84270079294971487, SpecialFunctions.erfExact(1), 0);
    assertEquals(0.99532226501895273, SpecialFunctions.erfExact(2), 0);
    assertEquals(0.52049987781304654, SpecialFunctions.erfExact(0.5), 0);
    assertEquals(0.99997790950300141, SpecialFunctions.erfExact(3), 0);
  }

  @Example
  void tanhIsWithinTwoUlpsOfStrictMathAndKeepsItsSpecialValues() {
    Random random = new Random(7);
    double worst = 0;
    for (int i = 0; i < 1_000_000; i++) {
      double scale = new double[] {1e-6, 0.3, 1, 3, 12}[i % 5];
      double x = random.nextGaussian() * scale;
      double expected = StrictMath.tanh(x);
      worst = Math.max(worst, Math.abs(SpecialFunctions.tanh(x) - expected) / Math.ulp(expected));
    }
    assertTrue(worst <= 2, "worst error " + worst + " ulps");
    for (double x : new double[] {0.625, -0.625, 22, -22, 1e-300, Double.MIN_VALUE, 700, -700}) {
      assertEquals(StrictMath.tanh(x), SpecialFunctions.tanh(x), 2 * Math.ulp(StrictMath.tanh(x)), "tanh(" + x + ")");
    }
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.tanh(-0.0)));
    assertEquals(1.0, SpecialFunctions.tanh(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, SpecialFunctions.tanh(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(SpecialFunctions.tanh(Double.NaN)));
  }
}
