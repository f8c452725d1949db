package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.function.DoubleBinaryOperator;

/**
 * Element-by-element references for the broadcasting kernels, written from the definitions over
 * row-major multi-indices: no runs, no merged axes, no views.
 */
final class PlainLoops {
  private PlainLoops() {}

  /** The row-major position in {@code source} of the element that output position {@code o} of {@code target} repeats. */
  static int sourcePosition(Shape source, Shape target, int o) {
    int position = 0;
    int stride = 1;
    int rest = o;
    for (int a = target.rank() - 1; a >= 0; a--) {
      int coordinate = rest % target.dim(a);
      rest /= target.dim(a);
      int s = a - (target.rank() - source.rank());
      if (s >= 0) {
        position += (source.dim(s) == 1 ? 0 : coordinate) * stride;
        stride *= source.dim(s);
      }
    }
    return position;
  }

  /** The elements of dense {@code x} repeated to {@code target}, widened to double. */
  static double[] broadcast(NdArray x, Shape target) {
    double[] values = x.toDoubleArray();
    double[] out = new double[target.size()];
    for (int o = 0; o < out.length; o++) {
      out[o] = values[sourcePosition(x.shape(), target, o)];
    }
    return out;
  }

  /** {@code f(a, b)} after broadcasting, computed in double and stored in the operands' dtype. */
  static NdArray zip(NdArray a, NdArray b, DoubleBinaryOperator f) {
    Shape shape = Shape.broadcast("reference", a.shape(), b.shape());
    double[] x = broadcast(a, shape);
    double[] y = broadcast(b, shape);
    double[] out = new double[shape.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(x[i], y[i]);
    }
    return NdArray.of(shape, out).to(a.dtype());
  }

  /**
   * The sum of dense {@code x} over the axes flagged in {@code reduced} (kept as extent 1), accumulated
   * in double in row-major order and stored in {@code x}'s dtype.
   */
  static NdArray sum(NdArray x, boolean[] reduced) {
    int[] dims = x.shape().toArray();
    for (int a = 0; a < dims.length; a++) {
      dims[a] = reduced[a] ? 1 : dims[a];
    }
    Shape out = Shape.of(dims);
    double[] values = x.toDoubleArray();
    double[] acc = new double[out.size()];
    for (int i = 0; i < values.length; i++) {
      // element i adds into the one that broadcasting the result back to x's shape would copy to i
      acc[sourcePosition(out, x.shape(), i)] += values[i];
    }
    return NdArray.of(out, acc).to(x.dtype());
  }
}
