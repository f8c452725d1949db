package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Arrays;

/**
 * Sum and max over any set of axes, for both dtypes, in double. Both take the same three routes: the
 * reduced axes lead (column reductions of an {@code [outer, inner]} matrix, row by row), the reduced axes
 * trail (row reductions; a reduction to one value is one row), or a position map for any other mix.
 */
public final class Reductions {
  private Reductions() {}

  /** How a reduction combines an accumulator with one element. */
  private enum Kind {
    SUM("sum", 0),
    MAX("max", Double.NEGATIVE_INFINITY);

    final String op;
    final double identity;

    Kind(String op, double identity) {
      this.op = op;
      this.identity = identity;
    }

    double combine(double acc, double v) {
      // Math.max propagates NaN, as NumPy and PyTorch do
      return this == SUM ? acc + v : Math.max(acc, v);
    }
  }

  /** The sum over {@code axes} (checked by the caller), accumulated in double. */
  public static NdArray sum(NdArray x, Axes axes) {
    return reduce(x.storage(), axes, Kind.SUM);
  }

  /** The maximum over {@code axes} (checked by the caller, none of them empty); NaN if any reduced element is. */
  public static NdArray max(NdArray x, Axes axes) {
    return reduce(x.storage(), axes, Kind.MAX);
  }

  private static NdArray reduce(Storage x, Axes axes, Kind kind) {
    Shape in = x.shape();
    Shape out = axes.reducedShape(in, kind.op);
    double[] acc = new double[out.size()];
    Arrays.fill(acc, kind.identity);
    if (out.size() > 0) {
      boolean[] reduced = axes.mask(in, kind.op);
      int count = x.size() / out.size();
      if (out.size() > 1 && isBlockFirst(in, reduced, true)) {
        leading(x, acc, count, kind);
      } else if (out.size() == 1 || isBlockFirst(in, reduced, false)) {
        trailing(x, acc, count, kind);
      } else {
        mapped(x, acc, Layout.positions(in, Layout.reductionStrides(in, reduced), 0), kind);
      }
    }
    return x.dtype() == DType.FLOAT64 ? Storage.array(out, acc) : NdArray.of(Storage.narrowed(out, acc));
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

  /** Column reductions of {@code x} read as {@code [rows, acc.length]}, row by row. */
  private static void leading(Storage x, double[] acc, int rows, Kind kind) {
    int inner = acc.length;
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      for (int r = 0; r < rows; r++) {
        for (int j = 0, p = r * inner; j < inner; j++) {
          acc[j] = kind.combine(acc[j], in[p + j]);
        }
      }
      return;
    }
    float[] in = x.f32();
    for (int r = 0; r < rows; r++) {
      for (int j = 0, p = r * inner; j < inner; j++) {
        acc[j] = kind.combine(acc[j], in[p + j]);
      }
    }
  }

  /** Row reductions of {@code x} read as {@code [acc.length, inner]}. */
  private static void trailing(Storage x, double[] acc, int inner, Kind kind) {
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      for (int r = 0; r < acc.length; r++) {
        double s = acc[r];
        for (int j = 0, p = r * inner; j < inner; j++) {
          s = kind.combine(s, in[p + j]);
        }
        acc[r] = s;
      }
      return;
    }
    float[] in = x.f32();
    for (int r = 0; r < acc.length; r++) {
      double s = acc[r];
      for (int j = 0, p = r * inner; j < inner; j++) {
        s = kind.combine(s, in[p + j]);
      }
      acc[r] = s;
    }
  }

  /** Element {@code i} of {@code x} folded into {@code acc[positions[i]]}. */
  private static void mapped(Storage x, double[] acc, int[] positions, Kind kind) {
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      for (int i = 0; i < positions.length; i++) {
        acc[positions[i]] = kind.combine(acc[positions[i]], in[i]);
      }
      return;
    }
    float[] in = x.f32();
    for (int i = 0; i < positions.length; i++) {
      acc[positions[i]] = kind.combine(acc[positions[i]], in[i]);
    }
  }
}
