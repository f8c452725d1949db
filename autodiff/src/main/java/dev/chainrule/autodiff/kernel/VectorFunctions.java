package dev.chainrule.autodiff.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 {@code e^x}, logistic and {@code tanh} on the Vector API: each float widened to double, the
 * function computed in double, the result rounded once. (Also the largest element of a row, for the
 * softmax's shift: exact, so the same in any order.) This is what the plain loops do through
 * {@code Math.exp}, which costs 13-14 ns an element on the Zen 5 machine of {@code docs/performance.md};
 * these take about 2 ({@code ElementwiseBenchmark}, 65,536 floats: exp 918 → 103 µs, logistic 705 → 115,
 * tanh 469 → 136).
 *
 * <p>{@code e^x} reduces {@code x = k·ln 2 + r} with {@code |r| ≤ ln 2 / 2} (the rounding to an integer by
 * adding and subtracting 1.5·2⁵², {@code ln 2} split in two parts so that {@code r} is exact to double
 * precision), sums the Taylor series of {@code e^r} to degree 12 (truncation below 2⁻⁵²), and scales by
 * {@code 2^k} built in the exponent bits. Its double result is within a few double ulps of the exact value,
 * so rounding it to float gives the float that rounding {@code Math.exp} gives: the tests compare the
 * functions with the plain loops on 4.3 million inputs, and all 2³² floats were compared on JDK 17 for
 * each function after every change here (none differed; a NaN stays NaN, though its sign bit may not be
 * the plain loop's). The logistic and {@code tanh} use the formulas of {@link SpecialFunctions} on top of
 * it, with both of tanh's branches computed and one selected.
 *
 * <p>Load this class only when the Vector API was selected ({@code kernel.gemm.Gemm#vectorized}): it links
 * against the incubator module.
 */
final class VectorFunctions {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final int LANES = DOUBLES.length();
  /** Floats of the same width: twice {@link #LANES}. */
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  /** Elements widened to double at a time. */
  private static final int BLOCK = 1024;

  private static final double LOG2_E = 1.4426950408889634;
  private static final double LN2_HIGH = 0x1.62e42fee00000p-1; // ln 2 to 32 bits, so k·LN2_HIGH is exact
  private static final double LN2_LOW = 0x1.a39ef35793c76p-33; // ln 2 − LN2_HIGH
  private static final double SHIFT = 0x1.8p52; // x + SHIFT − SHIFT rounds x to an integer
  private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
  /** 1/n! for n = 0 … 12. */
  private static final double[] TAYLOR = new double[13];
  private static final long SIGN = Long.MIN_VALUE;

  static {
    double factorial = 1;
    for (int n = 0; n < TAYLOR.length; n++) {
      factorial *= Math.max(n, 1);
      TAYLOR[n] = 1 / factorial;
    }
  }

  private VectorFunctions() {}

  /**
   * {@code f} of {@code in[from … to − 1]} into {@code out}; {@code f} is {@code EXP}, {@code SIGMOID} or
   * {@code TANH}. A block of floats at a time is widened into doubles, {@code e^·} of the block computed,
   * the function finished from it, and the block narrowed back. Each vector loop is a method of its own
   * without branches: the JDK 17 JIT keeps vectors in registers only where they do not meet at a branch or
   * cross a call it did not inline (otherwise each is an object on the heap, about 50 ns an element); and
   * a {@code FloatVector} of half the width here made it give up its intrinsics for the product kernels'
   * full-width ones, so the floats are read and written in vectors of the full width. (Widening and
   * narrowing in vectors rather than one element at a time, which the JIT does not vectorize, took
   * 20-28 % off {@code exp} and {@code sigmoid} of 65,536 floats on the Xeon of {@code docs/performance.md}.)
   */
  static void apply(UnaryFunction f, float[] in, float[] out, int from, int to) {
    double[] xs = new double[Math.min(BLOCK, to - from)];
    double[] ys = new double[xs.length];
    for (int start = from; start < to; start += BLOCK) {
      int n = Math.min(BLOCK, to - start);
      widen(in, start, xs, n);
      if (f == UnaryFunction.EXP) {
        exp(xs, ys, n);
      } else { // the logistic from e^−|x|, tanh from e^(2|x|)
        double scale = f == UnaryFunction.SIGMOID ? -1 : 2;
        for (int j = 0; j < n; j++) {
          ys[j] = scale * Math.abs(xs[j]);
        }
        exp(ys, ys, n);
        if (f == UnaryFunction.SIGMOID) {
          logistic(xs, ys, n);
        } else {
          tanh(xs, ys, n);
        }
      }
      narrow(ys, out, start, n);
    }
  }

  /** The largest of {@code a[from … to − 1]}, NaN if one is: a vector of running maxima, then its lanes. */
  static double max(double[] a, int from, int to) {
    DoubleVector m = DoubleVector.broadcast(DOUBLES, Double.NEGATIVE_INFINITY);
    int at = from;
    for (; at <= to - DOUBLES.length(); at += DOUBLES.length()) {
      m = m.max(DoubleVector.fromArray(DOUBLES, a, at));
    }
    double max = m.reduceLanes(VectorOperators.MAX);
    for (; at < to; at++) {
      max = Math.max(max, a[at]);
    }
    return max;
  }

  /** The float32 twin of {@link #max(double[], int, int)}. */
  static float max(float[] a, int from, int to) {
    FloatVector m = FloatVector.broadcast(FLOATS, Float.NEGATIVE_INFINITY);
    int at = from;
    for (; at <= to - FLOATS.length(); at += FLOATS.length()) {
      m = m.max(FloatVector.fromArray(FLOATS, a, at));
    }
    float max = m.reduceLanes(VectorOperators.MAX);
    for (; at < to; at++) {
      max = Math.max(max, a[at]);
    }
    return max;
  }

  /**
   * {@code acc[at + j] += in[from + j]} for {@code j < n}, each float widened to double: a vector of floats
   * into two of doubles at a time, each sum the plain loop's (one addition per element).
   */
  static void addWidened(float[] in, int from, double[] acc, int at, int n) {
    int j = 0;
    for (; j <= n - 2 * LANES; j += 2 * LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, in, from + j);
      DoubleVector.fromArray(DOUBLES, acc, at + j).add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0))
          .intoArray(acc, at + j);
      DoubleVector.fromArray(DOUBLES, acc, at + j + LANES).add((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1))
          .intoArray(acc, at + j + LANES);
    }
    for (; j < n; j++) {
      acc[at + j] += in[from + j];
    }
  }

  /** {@code x[j] = in[from + j]} for {@code j < n}: a vector of floats into two of doubles at a time. */
  private static void widen(float[] in, int from, double[] x, int n) {
    int j = 0;
    for (; j <= n - 2 * LANES; j += 2 * LANES) {
      FloatVector v = FloatVector.fromArray(FLOATS, in, from + j);
      ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0)).intoArray(x, j);
      ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1)).intoArray(x, j + LANES);
    }
    for (; j < n; j++) {
      x[j] = in[from + j];
    }
  }

  /** {@code out[from + j] = (float) y[j]} for {@code j < n}: two vectors of doubles into one of floats at a time. */
  private static void narrow(double[] y, float[] out, int from, int n) {
    int j = 0;
    for (; j <= n - 2 * LANES; j += 2 * LANES) {
      FloatVector low = (FloatVector) DoubleVector.fromArray(DOUBLES, y, j).convertShape(VectorOperators.D2F, FLOATS, 0);
      FloatVector high = (FloatVector) DoubleVector.fromArray(DOUBLES, y, j + LANES).convertShape(VectorOperators.D2F, FLOATS, -1);
      // each half leaves the other's lanes +0.0, all bits clear, so OR joins them (adding would turn −0.0 into +0.0)
      low.reinterpretAsInts().or(high.reinterpretAsInts()).reinterpretAsFloats().intoArray(out, from + j);
    }
    for (; j < n; j++) {
      out[from + j] = (float) y[j];
    }
  }

  /**
   * {@code e^x[j]} into {@code y[j]} for {@code j < n} ({@code y} may be {@code x}); for {@code x} widened
   * from float, or twice its magnitude.
   */
  private static void exp(double[] x, double[] y, int n) {
    int j = 0;
    for (; j <= n - LANES; j += LANES) {
      // x = k·ln 2 + r, e^r by its Taylor series, times 2^k built in the exponent bits
      DoubleVector in = DoubleVector.fromArray(DOUBLES, x, j);
      // clamped by compare and blend, cheaper than Java's min and max (which also order −0 before 0)
      DoubleVector clamped = in.blend(89.0, in.compare(VectorOperators.GT, 89.0)).blend(-104.0, in.lt(-104.0));
      DoubleVector shifted = clamped.fma(LOG2_E, SHIFT); // k + 1.5·2⁵², k = round(x·log₂e) in the low bits
      DoubleVector minusK = shifted.sub(SHIFT).neg();
      DoubleVector r = minusK.fma(DoubleVector.broadcast(DOUBLES, LN2_HIGH), clamped);
      r = minusK.fma(DoubleVector.broadcast(DOUBLES, LN2_LOW), r);
      DoubleVector p = DoubleVector.broadcast(DOUBLES, TAYLOR[TAYLOR.length - 1]);
      for (int t = TAYLOR.length - 2; t >= 0; t--) {
        p = p.fma(r, DoubleVector.broadcast(DOUBLES, TAYLOR[t]));
      }
      LongVector scale = shifted.reinterpretAsLongs().sub(SHIFT_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
      p.mul(scale.reinterpretAsDoubles()).intoArray(y, j);
    }
    for (; j < n; j++) {
      y[j] = Math.exp(x[j]);
    }
  }

  /** {@code (x ≥ 0 ? 1 : e) / (1 + e)} into {@code e}, where {@code e} holds {@code e^−|x|}. */
  private static void logistic(double[] x, double[] e, int n) {
    int j = 0;
    for (; j <= n - LANES; j += LANES) {
      DoubleVector exp = DoubleVector.fromArray(DOUBLES, e, j);
      DoubleVector numerator = DoubleVector.broadcast(DOUBLES, 1).blend(exp, DoubleVector.fromArray(DOUBLES, x, j).lt(0));
      numerator.div(exp.add(1)).intoArray(e, j);
    }
    for (; j < n; j++) {
      e[j] = (x[j] >= 0 ? 1 : e[j]) / (1 + e[j]);
    }
  }

  /** {@link SpecialFunctions#tanh} into {@code e}, where {@code e} holds {@code e^(2|x|)}: both branches, one kept. */
  private static void tanh(double[] xs, double[] e, int n) {
    int j = 0;
    for (; j <= n - LANES; j += LANES) {
      DoubleVector x = DoubleVector.fromArray(DOUBLES, xs, j);
      DoubleVector z = x.mul(x); // below: the scalar formula's separate roundings, not fused multiply-adds
      DoubleVector num = z.mul(SpecialFunctions.TANH_P0).add(SpecialFunctions.TANH_P1).mul(z).add(SpecialFunctions.TANH_P2);
      DoubleVector den = z.add(SpecialFunctions.TANH_Q0).mul(z).add(SpecialFunctions.TANH_Q1).mul(z).add(SpecialFunctions.TANH_Q2);
      // one division for both branches, num / den where |x| < 0.625 and 2 / (e + 1) elsewhere (a 512-bit
      // division of doubles takes 16 cycles on Ice Lake, as long as the rest of this loop)
      VectorMask<Double> isSmall = x.abs().lt(0.625);
      DoubleVector ratio = DoubleVector.broadcast(DOUBLES, 2).blend(num, isSmall)
          .div(DoubleVector.fromArray(DOUBLES, e, j).add(1).blend(den, isSmall));
      DoubleVector small = x.add(x.mul(z).mul(ratio)).blend(x, x.eq(0)); // tanh(−0) = −0
      DoubleVector large = DoubleVector.broadcast(DOUBLES, 1).sub(ratio);
      LongVector signed = large.reinterpretAsLongs().or(x.reinterpretAsLongs().and(SIGN)); // copySign
      signed.reinterpretAsDoubles().blend(small, isSmall).intoArray(e, j);
    }
    for (; j < n; j++) {
      e[j] = SpecialFunctions.tanh(xs[j]);
    }
  }
}
