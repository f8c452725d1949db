package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
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
      } else if (!blocked(x, acc, blocks(in, reduced), kind)) {
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

  /** Column reductions of {@code x} read as {@code [rows, acc.length]}, row by row; threads take ranges of columns. */
  private static void leading(Storage x, double[] acc, int rows, Kind kind) {
    int inner = acc.length;
    int threads = Threads.forElements(x.size());
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      Threads.ranges(inner, threads, (from, to) -> {
        for (int r = 0; r < rows; r++) {
          if (kind == Kind.SUM) {
            addWidened(in, r * inner + from, acc, from, to - from);
            continue;
          }
          for (int j = from, p = r * inner; j < to; j++) {
            acc[j] = kind.combine(acc[j], in[p + j]);
          }
        }
      });
      return;
    }
    float[] in = x.f32();
    Threads.ranges(inner, threads, (from, to) -> {
      for (int r = 0; r < rows; r++) {
        if (kind == Kind.SUM) {
          addWidened(in, r * inner + from, acc, from, to - from);
          continue;
        }
        for (int j = from, p = r * inner; j < to; j++) {
          acc[j] = kind.combine(acc[j], in[p + j]);
        }
      }
    });
  }

  /** The float64 twin of {@link #addWidened(float[], int, double[], int, int)}: nothing to widen. */
  public static void addWidened(double[] in, int from, double[] acc, int at, int n) {
    for (int j = 0; j < n; j++) {
      acc[at + j] += in[from + j];
    }
  }

  /**
   * {@code acc[at + j] += in[from + j]} for {@code j < n}: float32 summed into double, in vectors when the
   * Vector API is selected (the same sums: one addition per element either way).
   */
  public static void addWidened(float[] in, int from, double[] acc, int at, int n) {
    if (Gemm.vectorized()) {
      VectorFunctions.addWidened(in, from, acc, at, n);
      return;
    }
    for (int j = 0; j < n; j++) {
      acc[at + j] += in[from + j];
    }
  }

  /** Row reductions of {@code x} read as {@code [acc.length, inner]}; threads take ranges of rows. */
  private static void trailing(Storage x, double[] acc, int inner, Kind kind) {
    int threads = Threads.forElements(x.size());
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      Threads.ranges(acc.length, threads, (from, to) -> {
        for (int r = from; r < to; r++) {
          double s = acc[r];
          for (int j = 0, p = r * inner; j < inner; j++) {
            s = kind.combine(s, in[p + j]);
          }
          acc[r] = s;
        }
      });
      return;
    }
    float[] in = x.f32();
    Threads.ranges(acc.length, threads, (from, to) -> {
      for (int r = from; r < to; r++) {
        double s = acc[r];
        for (int j = 0, p = r * inner; j < inner; j++) {
          s = kind.combine(s, in[p + j]);
        }
        acc[r] = s;
      }
    });
  }

  /**
   * The extents of the array's blocks of reduced and kept axes, extent-1 axes ignored and neighbours
   * with the same flag merged, with the first block's flag in the last slot: {@code [64, 16, 28, 28]}
   * over axes 0, 2, 3 is {@code {64, 16, 784, 1}} (reduced, kept, reduced).
   */
  private static int[] blocks(Shape shape, boolean[] reduced) {
    int[] blocks = new int[shape.rank() + 1];
    int count = 0;
    Boolean last = null;
    for (int a = 0; a < shape.rank(); a++) {
      if (shape.dim(a) == 1) {
        continue;
      }
      if (last != null && last == reduced[a]) {
        blocks[count - 1] *= shape.dim(a);
      } else {
        if (last == null) {
          blocks[shape.rank()] = reduced[a] ? 1 : 0;
        }
        blocks[count++] = shape.dim(a);
        last = reduced[a];
      }
    }
    int[] out = java.util.Arrays.copyOf(blocks, count + 1);
    out[count] = blocks[shape.rank()];
    return out;
  }

  /**
   * The two three-block mixes, kept-reduced-kept ({@code [outer, r, inner]} over {@code r}, a max-pool's
   * windows) and reduced-kept-reduced ({@code [r, kept, inner]} over {@code r} and {@code inner}, a
   * convolution's bias gradient), in loops that read in order; each accumulator still takes its elements
   * in increasing position, as {@link #mapped} does. False for any other mix.
   */
  private static boolean blocked(Storage x, double[] acc, int[] blocks, Kind kind) {
    if (blocks.length != 4) {
      return false;
    }
    boolean reducedFirst = blocks[3] == 1;
    int outer = blocks[0];
    int middle = blocks[1];
    int inner = blocks[2];
    // threads take ranges of the kept block: the middle one, or the outer one
    int threads = Threads.forElements(x.size());
    if (x.dtype() == DType.FLOAT64) {
      double[] in = x.f64();
      if (reducedFirst) {
        Threads.ranges(middle, threads, (from, to) -> {
          for (int q = 0; q < outer; q++) {
            for (int i = from, p = (q * middle + from) * inner; i < to; i++, p += inner) {
              double s = acc[i];
              for (int j = 0; j < inner; j++) {
                s = kind.combine(s, in[p + j]);
              }
              acc[i] = s;
            }
          }
        });
      } else {
        Threads.ranges(outer, threads, (from, to) -> {
          for (int i = from, p = from * middle * inner; i < to; i++) {
            for (int q = 0; q < middle; q++, p += inner) {
              for (int j = 0, o = i * inner; j < inner; j++) {
                acc[o + j] = kind.combine(acc[o + j], in[p + j]);
              }
            }
          }
        });
      }
      return true;
    }
    float[] in = x.f32();
    if (reducedFirst) {
      Threads.ranges(middle, threads, (from, to) -> {
        for (int q = 0; q < outer; q++) {
          for (int i = from, p = (q * middle + from) * inner; i < to; i++, p += inner) {
            double s = acc[i];
            for (int j = 0; j < inner; j++) {
              s = kind.combine(s, in[p + j]);
            }
            acc[i] = s;
          }
        }
      });
    } else {
      Threads.ranges(outer, threads, (from, to) -> {
        for (int i = from, p = from * middle * inner; i < to; i++) {
          for (int q = 0; q < middle; q++, p += inner) {
            for (int j = 0, o = i * inner; j < inner; j++) {
              acc[o + j] = kind.combine(acc[o + j], in[p + j]);
            }
          }
        }
      });
    }
    return true;
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
