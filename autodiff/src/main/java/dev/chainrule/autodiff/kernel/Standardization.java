package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Standardization of an array viewed as {@code [outer, kept, inner]}: each of the {@code kept} groups (its
 * {@code outer · inner} elements) shifted by its mean and scaled by {@code 1/√(var + ε)} (biased variance),
 * in three passes (sum, squared deviations, output), accumulated in double. Batch norm's layout (reduced
 * N and H·W around the channels) and layer norm's (reduced last axis) are both this view.
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
    double[] sums = new double[kept];
    double[] squares = new double[kept];
    double n = (double) outer * inner;
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.storage().f64();
      for (int o = 0, at = 0; o < outer; o++) {
        for (int k = 0; k < kept; k++) {
          double s = 0;
          for (int i = 0; i < inner; i++) {
            s += in[at + i];
          }
          sums[k] += s;
          at += inner;
        }
      }
      for (int k = 0; k < kept; k++) {
        sums[k] /= n;
      }
      for (int o = 0, at = 0; o < outer; o++) {
        for (int k = 0; k < kept; k++) {
          double s = 0;
          for (int i = 0; i < inner; i++) {
            double d = in[at + i] - sums[k];
            s += d * d;
          }
          squares[k] += s;
          at += inner;
        }
      }
    } else {
      float[] in = x.storage().f32();
      for (int o = 0, at = 0; o < outer; o++) {
        for (int k = 0; k < kept; k++) {
          double s = 0;
          for (int i = 0; i < inner; i++) {
            s += in[at + i];
          }
          sums[k] += s;
          at += inner;
        }
      }
      for (int k = 0; k < kept; k++) {
        sums[k] /= n;
      }
      for (int o = 0, at = 0; o < outer; o++) {
        for (int k = 0; k < kept; k++) {
          double s = 0;
          for (int i = 0; i < inner; i++) {
            double d = in[at + i] - sums[k];
            s += d * d;
          }
          squares[k] += s;
          at += inner;
        }
      }
    }
    for (int k = 0; k < kept; k++) {
      squares[k] /= n;
    }
    return new double[][] {sums, squares};
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
      for (int o = 0, at = 0; o < outer; o++) {
        for (int k = 0; k < kept; k++) {
          double m = mean[k];
          double s = scale[k];
          for (int i = 0; i < inner; i++) {
            out[at + i] = (in[at + i] - m) * s;
          }
          at += inner;
        }
      }
      return Storage.array(x.shape(), out);
    }
    float[] in = x.storage().f32();
    float[] out = new float[in.length];
    for (int o = 0, at = 0; o < outer; o++) {
      for (int k = 0; k < kept; k++) {
        double m = mean[k];
        double s = scale[k];
        for (int i = 0; i < inner; i++) {
          out[at + i] = (float) ((in[at + i] - m) * s);
        }
        at += inner;
      }
    }
    return Storage.array(x.shape(), out);
  }
}
