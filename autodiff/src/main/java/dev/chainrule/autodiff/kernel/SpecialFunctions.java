package dev.chainrule.autodiff.kernel;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Special functions the JDK's {@code Math} lacks, in double precision, for the elementwise kernels.
 *
 * <p>{@link #erf} is its Maclaurin series (14 terms in {@code x²}) below 1/2, and above a table of Taylor
 * expansions: around each {@code c = j/16} up to 6, {@code erf(c)} and 12 coefficients
 * {@code (2/√π)·e^(−c²)·(−1)^(k−1)·H_(k−1)(c)/k!} (Hermite polynomials), so that any {@code |x| < 6} costs
 * one lookup and 12 fused multiply-adds in {@code x − c}, which is exact. The values {@code erf(c)} are
 * computed in 45-digit decimal arithmetic when erf is first used. A series and continued fraction summed
 * until they converged took 50-400 ns an element, depending on the value; this takes a few, whatever
 * the value, within 2 units in the last place of the exact value (checked in the tests).
 */
public final class SpecialFunctions {
  // Cephes' tanh.c coefficients for |x| < 0.625 (S. L. Moshier)
  static final double TANH_P0 = -9.64399179425052238628E-1;
  static final double TANH_P1 = -9.92877231001918586564E1;
  static final double TANH_P2 = -1.61468768441708447952E3;
  static final double TANH_Q0 = 1.12811678491632931402E2;
  static final double TANH_Q1 = 2.23548839060100448583E3;
  static final double TANH_Q2 = 4.84406305325125486048E3;

  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");

  private SpecialFunctions() {}

  /**
   * {@code tanh x} within 2 ulps of {@link StrictMath#tanh} (1 million points checked in the tests), from
   * {@link Math#exp}, which the JIT compiles to a few instructions, where JDK 17's {@code Math.tanh} calls
   * native code for every element (about 2-3× the time). Below 0.625 in magnitude it is Cephes'
   * rational approximation {@code x + x³·P(x²)/Q(x²)}; above, {@code 1 − 2/(e^{2|x|} + 1)}.
   */
  public static double tanh(double x) {
    double a = Math.abs(x);
    if (a < 0.625) {
      if (x == 0) {
        return x; // keeps the sign of zero
      }
      double z = x * x;
      return x + x * z * (((TANH_P0 * z + TANH_P1) * z + TANH_P2) / (((z + TANH_Q0) * z + TANH_Q1) * z + TANH_Q2));
    }
    if (a > 22) { // 1 − tanh(22) < 2⁻⁶³; also ±∞
      return Math.copySign(1.0, x);
    }
    return Math.copySign(1 - 2 / (Math.exp(2 * a) + 1), x); // NaN falls through to here and stays NaN
  }

  /**
   * The logistic function {@code 1 / (1 + e^-x)}, computed as {@code e^x / (1 + e^x)} for negative {@code x}
   * so that it keeps full relative precision in the left tail ({@code σ(-700) ≈ 1e-304}).
   */
  public static double logistic(double x) {
    double e = Math.exp(-Math.abs(x));
    return (x >= 0 ? 1 : e) / (1 + e); // one exp and a select rather than a branch on the sign
  }

  /**
   * erf's tables, built when erf is first used (a nested class loads lazily), not when tanh or the logistic
   * are: 0.1-0.2 s of decimal arithmetic, once.
   */
  private static final class ErfTable {
    /** Expansion points per unit of {@code |x|}, and terms of each expansion. */
    static final int ERF_STEPS = 16;
    static final int ERF_TERMS = 12;
    /** {@code erf(j/16)} for {@code j = 0 … 96}. */
    static final double[] ERF_AT = new double[6 * ERF_STEPS + 1];
    /** The Taylor coefficients of erf around {@code j/16}, {@code ERF_TERMS} per point, lowest order first. */
    static final double[] ERF_TAYLOR = new double[ERF_AT.length * ERF_TERMS];
    /** Below 1/2, erf's Maclaurin series in {@code x²}: {@code (2/√π)·(−1)ⁿ/(n!·(2n+1))}, n = 0 … 13. */
    static final double[] ERF_SMALL = new double[14];

    static {
      double nFactorial = 1;
      for (int n = 0; n < ERF_SMALL.length; n++) {
        nFactorial *= Math.max(n, 1);
        ERF_SMALL[n] = (n % 2 == 0 ? TWO_OVER_SQRT_PI : -TWO_OVER_SQRT_PI) / (nFactorial * (2 * n + 1));
      }
      for (int j = 0; j < ERF_AT.length; j++) {
        double c = (double) j / ERF_STEPS;
        ERF_AT[j] = erfExact(c);
        double scale = TWO_OVER_SQRT_PI * Math.exp(-c * c); // erf'(c); c² is exact
        double hermite = 1; // H_(k−1)(c)
        double previous = 0; // H_(k−2)(c)
        double factorial = 1;
        for (int k = 1; k <= ERF_TERMS; k++) {
          factorial *= k;
          ERF_TAYLOR[j * ERF_TERMS + k - 1] = (k % 2 == 1 ? scale : -scale) * hermite / factorial;
          double next = 2 * c * hermite - 2 * (k - 1) * previous; // H_k = 2c·H_(k−1) − 2(k−1)·H_(k−2)
          previous = hermite;
          hermite = next;
        }
      }
    }
  }

  /** The error function {@code erf(x) = 2/√π ∫₀ˣ e^(−t²) dt}; odd, ±1 at ±∞, NaN at NaN. */
  public static double erf(double x) {
    double a = Math.abs(x);
    if (!(a < 6)) { // 1 − erf(6) < 2⁻⁵⁴; also ±∞ and NaN
      return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    }
    if (a < 0.5) { // near 0 the expansion's correction would be most of the value: the series keeps ulps
      double z = x * x;
      double p = ErfTable.ERF_SMALL[ErfTable.ERF_SMALL.length - 1];
      for (int n = ErfTable.ERF_SMALL.length - 2; n >= 0; n--) {
        p = Math.fma(p, z, ErfTable.ERF_SMALL[n]);
      }
      return x * p; // keeps −0
    }
    int j = (int) (a * ErfTable.ERF_STEPS + 0.5);
    double d = a - (double) j / ErfTable.ERF_STEPS; // exact: a and j/16 are within a factor of 2 (or j = 0)
    int at = j * ErfTable.ERF_TERMS;
    double p = ErfTable.ERF_TAYLOR[at + ErfTable.ERF_TERMS - 1];
    for (int k = ErfTable.ERF_TERMS - 2; k >= 0; k--) {
      p = Math.fma(p, d, ErfTable.ERF_TAYLOR[at + k]);
    }
    return Math.copySign(Math.fma(p, d, ErfTable.ERF_AT[j]), x); // copySign keeps −0
  }

  /**
   * {@code erf(x)} correctly rounded (from its Maclaurin series in 45-digit decimal arithmetic, whose
   * alternating terms lose at most 16 digits to cancellation below 6): slow, for the table and the tests.
   */
  static double erfExact(double x) {
    MathContext context = new MathContext(45);
    BigDecimal value = new BigDecimal(x);
    BigDecimal square = value.multiply(value, context);
    BigDecimal power = value; // x^(2n+1) / n!, signed
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal limit = BigDecimal.ONE.scaleByPowerOfTen(-36);
    for (int n = 0; power.abs().compareTo(limit) > 0 || n < 2; n++) {
      sum = sum.add(power.divide(BigDecimal.valueOf(2L * n + 1), context), context);
      power = power.multiply(square, context).divide(BigDecimal.valueOf(-(n + 1L)), context);
    }
    BigDecimal twoOverSqrtPi = BigDecimal.valueOf(2).divide(PI.sqrt(context), context);
    return sum.multiply(twoOverSqrtPi, context).doubleValue();
  }
}
