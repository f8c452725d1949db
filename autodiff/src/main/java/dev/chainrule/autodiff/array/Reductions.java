package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;

/** Sum and max over any set of axes, for both dtypes; sums accumulate in double. */
final class Reductions {
  private Reductions() {}

  static NdArray sum(NdArray x, Axes axes) {
    Shape out = axes.reducedShape(x.shape(), "sum");
    if (out.size() == 0) {
      return NdArray.zeros(out, x.dtype());
    }
    int count = x.size() / out.size();
    if (out.size() == 1) {
      return NdArray.full(out, x.dtype(), sumAll(x));
    }
    boolean[] reduced = axes.mask(x.shape(), "sum");
    if (isBlockFirst(x.shape(), reduced, true)) {
      return sumLeading(x, out, count);
    }
    if (isBlockFirst(x.shape(), reduced, false)) {
      return sumTrailing(x, out, count);
    }
    return Layout.scatterAdd(x, out, positions(x, axes, "sum"));
  }

  /**
   * Whether, ignoring extent-1 axes, the axes whose {@code reduced} flag is {@code flag} all come before
   * the others: then the array is an {@code [outer, inner]} matrix reduced over its rows or its columns.
   */
  private static boolean isBlockFirst(Shape shape, boolean[] reduced, boolean flag) {
    boolean pastBlock = false;
    for (int a = 0; a < shape.rank(); a++) {
      if (shape.dim(a) == 1) {
        continue;
      }
      if (reduced[a] != flag) {
        pastBlock = true;
      } else if (pastBlock) {
        return false;
      }
    }
    return true;
  }

  /** Column sums of {@code x} read as {@code [rows, out.size()]}, row by row, accumulated in double. */
  private static NdArray sumLeading(NdArray x, Shape out, int rows) {
    int inner = out.size();
    double[] acc = new double[inner];
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      for (int r = 0; r < rows; r++) {
        for (int j = 0, p = r * inner; j < inner; j++) {
          acc[j] += in[p + j];
        }
      }
      return NdArray.wrap(out, acc);
    }
    float[] in = x.f32();
    for (int r = 0; r < rows; r++) {
      for (int j = 0, p = r * inner; j < inner; j++) {
        acc[j] += in[p + j];
      }
    }
    return NdArray.wrap(out, acc).to(DType.FLOAT32);
  }

  /** Row sums of {@code x} read as {@code [out.size(), inner]}, each accumulated in double. */
  private static NdArray sumTrailing(NdArray x, Shape out, int inner) {
    int rows = out.size();
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      double[] sums = new double[rows];
      for (int r = 0; r < rows; r++) {
        double s = 0;
        for (int j = 0, p = r * inner; j < inner; j++) {
          s += in[p + j];
        }
        sums[r] = s;
      }
      return NdArray.wrap(out, sums);
    }
    float[] in = x.f32();
    float[] sums = new float[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int j = 0, p = r * inner; j < inner; j++) {
        s += in[p + j];
      }
      sums[r] = (float) s;
    }
    return NdArray.wrap(out, sums);
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
      for (double v : x.f64()) {
        s += v;
      }
    } else {
      for (float v : x.f32()) {
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
