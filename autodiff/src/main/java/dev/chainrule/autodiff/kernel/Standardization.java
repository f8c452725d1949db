package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Standardization of an array viewed as {@code [outer, kept, inner]}: each of the {@code kept} groups (its
 * {@code outer · inner} elements) shifted by its mean and scaled by {@code 1/√(var + ε)} (biased variance),
 * in three passes (sum, squared deviations, output), accumulated in double, and the backward's projection
 * in two. Batch norm's layout (reduced N and H·W around the channels) and layer norm's (reduced last axis)
 * are both this view. Large arrays are split by kept groups across {@link Threads}, each group summed by
 * one thread in one order, so the thread count never changes a result.
 */
public final class Standardization {
  private Standardization() {}

  /**
   * For each kept group, its mean and biased variance, in two passes.
   *
   * @param x the array, {@code outer · kept · inner} elements
   * @param outer the product of the reduced leading axes
   * @param kept the product of the kept axes
   * @param inner the product of the reduced trailing axes
   * @return {@code {means, variances}}, each of {@code kept} values
   */
  public static double[][] moments(NdArray x, int outer, int kept, int inner) {
    double[] means = new double[kept];
    double[] variances = new double[kept];
    double n = (double) outer * inner;
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.storage().f64();
      Threads.ranges(kept, threads(in.length), (from, to) -> moments(in, outer, kept, inner, from, to, means, variances));
    } else {
      float[] in = x.storage().f32();
      Threads.ranges(kept, threads(in.length), (from, to) -> moments(in, outer, kept, inner, from, to, means, variances));
    }
    for (int k = 0; k < kept; k++) {
      means[k] /= n;
      variances[k] /= n;
    }
    return new double[][] {means, variances};
  }

  /** Kept groups {@code from … to − 1}: their sums into {@code sums}, then their squared deviations from {@code sums / n}. */
  private static void moments(double[] in, int outer, int kept, int inner, int from, int to, double[] sums, double[] squares) {
    for (int o = 0; o < outer; o++) {
      for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
        double s = 0;
        for (int i = 0; i < inner; i++) {
          s += in[at + i];
        }
        sums[k] += s;
      }
    }
    double n = (double) outer * inner;
    for (int o = 0; o < outer; o++) {
      for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
        double m = sums[k] / n;
        double s = 0;
        for (int i = 0; i < inner; i++) {
          double d = in[at + i] - m;
          s += d * d;
        }
        squares[k] += s;
      }
    }
  }

  /** The float32 twin of {@link #moments(double[], int, int, int, int, int, double[], double[])}. */
  private static void moments(float[] in, int outer, int kept, int inner, int from, int to, double[] sums, double[] squares) {
    for (int o = 0; o < outer; o++) {
      for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
        double s = 0;
        for (int i = 0; i < inner; i++) {
          s += in[at + i];
        }
        sums[k] += s;
      }
    }
    double n = (double) outer * inner;
    for (int o = 0; o < outer; o++) {
      for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
        double m = sums[k] / n;
        double s = 0;
        for (int i = 0; i < inner; i++) {
          double d = in[at + i] - m;
          s += d * d;
        }
        squares[k] += s;
      }
    }
  }

  /**
   * {@code 1/√(var + ε)} of each variance.
   *
   * @param variances biased variances
   * @param eps added to each
   * @return a new array of the inverse deviations
   */
  public static double[] inverseDeviations(double[] variances, double eps) {
    double[] out = new double[variances.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = 1 / Math.sqrt(variances[k] + eps);
    }
    return out;
  }

  /**
   * {@code (x − mean) · inverseDeviation} per kept group.
   *
   * @param x the array, {@code outer · kept · inner} elements
   * @param outer the product of the reduced leading axes
   * @param kept the product of the kept axes
   * @param inner the product of the reduced trailing axes
   * @param eps added to the variance
   * @return the standardized array, of {@code x}'s shape and dtype
   */
  public static NdArray standardize(NdArray x, int outer, int kept, int inner, double eps) {
    double[][] moments = moments(x, outer, kept, inner);
    double[] mean = moments[0];
    double[] scale = inverseDeviations(moments[1], eps);
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.storage().f64();
      double[] out = new double[in.length];
      Threads.ranges(kept, threads(in.length), (from, to) -> {
        for (int o = 0; o < outer; o++) {
          for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
            double m = mean[k];
            double s = scale[k];
            for (int i = at; i < at + inner; i++) {
              out[i] = (in[i] - m) * s;
            }
          }
        }
      });
      return Storage.array(x.shape(), out);
    }
    float[] in = x.storage().f32();
    float[] out = new float[in.length];
    Threads.ranges(kept, threads(in.length), (from, to) -> {
      for (int o = 0; o < outer; o++) {
        for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
          double m = mean[k];
          double s = scale[k];
          for (int i = at; i < at + inner; i++) {
            out[i] = (float) ((in[i] - m) * s);
          }
        }
      }
    });
    return Storage.array(x.shape(), out);
  }

  /**
   * The standardization's Jacobian applied to {@code v}: {@code (v − mean(v) − y·mean(v·y)) · scale} per
   * kept group, where {@code y} is the standardized output and {@code scale} the inverse deviations; two
   * passes (both means, then the output), means accumulated in double.
   *
   * @param v the vector (a gradient or tangent), {@code outer · kept · inner} elements
   * @param y the standardized array, of {@code v}'s shape and dtype
   * @param scale the inverse deviations, {@code kept} values
   * @param outer the product of the reduced leading axes
   * @param kept the product of the kept axes
   * @param inner the product of the reduced trailing axes
   * @return the projection, of {@code v}'s shape and dtype
   */
  public static NdArray project(NdArray v, NdArray y, double[] scale, int outer, int kept, int inner) {
    double n = (double) outer * inner;
    double[] meanV = new double[kept];
    double[] meanVy = new double[kept];
    if (v.dtype() == DType.FLOAT64) {
      double[] g = v.storage().f64();
      double[] out = y.storage().f64();
      double[] dx = new double[g.length];
      Threads.ranges(kept, threads(g.length), (from, to) -> {
        for (int o = 0; o < outer; o++) {
          for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
            double s = 0;
            double sy = 0;
            for (int i = at; i < at + inner; i++) {
              s += g[i];
              sy += (double) g[i] * out[i]; // the cast matters in the float32 twin
            }
            meanV[k] += s;
            meanVy[k] += sy;
          }
        }
        for (int o = 0; o < outer; o++) {
          for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
            double a = meanV[k] / n;
            double b = meanVy[k] / n;
            double c = scale[k];
            for (int i = at; i < at + inner; i++) {
              dx[i] = (g[i] - a - out[i] * b) * c;
            }
          }
        }
      });
      return Storage.array(v.shape(), dx);
    }
    float[] g = v.storage().f32();
    float[] out = y.storage().f32();
    float[] dx = new float[g.length];
    Threads.ranges(kept, threads(g.length), (from, to) -> {
      for (int o = 0; o < outer; o++) {
        for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
          double s = 0;
          double sy = 0;
          for (int i = at; i < at + inner; i++) {
            s += g[i];
            sy += (double) g[i] * out[i]; // the cast matters in the float32 twin
          }
          meanV[k] += s;
          meanVy[k] += sy;
        }
      }
      for (int o = 0; o < outer; o++) {
        for (int k = from, at = (o * kept + from) * inner; k < to; k++, at += inner) {
          double a = meanV[k] / n;
          double b = meanVy[k] / n;
          double c = scale[k];
          for (int i = at; i < at + inner; i++) {
            dx[i] = (float) ((g[i] - a - out[i] * b) * c);
          }
        }
      }
    });
    return Storage.array(v.shape(), dx);
  }

  /** Threads for a pass over {@code elements}. */
  private static int threads(int elements) {
    return Threads.forElements(elements);
  }
}
