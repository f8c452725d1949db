package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;

/** Sum and max over any set of axes, for both dtypes; sums accumulate in double. */
final class Reductions {
  private Reductions() {}

  static NdArray sum(NdArray x, Axes axes) {
    Shape out = axes.reducedShape(x.shape(), "sum");
    if (out.size() == 1) {
      return NdArray.full(out, x.dtype(), sumAll(x));
    }
    return Layout.scatterAdd(x, out, positions(x, axes, "sum"));
  }

  static NdArray max(NdArray x, Axes axes) {
    Shape out = axes.reducedShape(x.shape(), "max");
    checkArgument(
        out.size() == 0 || x.size() > 0, "max: cannot reduce over an empty axis; got shape %s, %s", x.shape(), axes);
    int[] positions = positions(x, axes, "max");
    double[] acc = new double[out.size()];
    java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < positions.length; i++) {
      double v = x.getFlat(i);
      int p = positions[i];
      // Math.max propagates NaN, as NumPy and PyTorch do
      acc[p] = Math.max(acc[p], v);
    }
    NdArray result = NdArray.wrap(out, acc);
    return x.dtype() == DType.FLOAT64 ? result : result.to(DType.FLOAT32);
  }

  private static double sumAll(NdArray x) {
    double s = 0;
    if (x.dtype() == DType.FLOAT64) {
      for (double v : x.f64) {
        s += v;
      }
    } else {
      for (float v : x.f32) {
        s += v;
      }
    }
    return s;
  }

  private static int[] positions(NdArray x, Axes axes, String op) {
    boolean[] reduced = axes.mask(x.shape(), op);
    return Layout.positions(x.shape(), Layout.reductionStrides(x.shape(), reduced), 0);
  }
}
