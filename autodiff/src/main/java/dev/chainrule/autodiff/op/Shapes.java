package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;
import dev.chainrule.autodiff.kernel.Elementwise;
import java.util.List;

/** Helpers of the primitives' shape rules. */
final class Shapes {
  private Shapes() {}

  /** Checks that {@code axis} is a valid non-negative axis of {@code shape}. */
  static void checkAxis(String op, int axis, Shape shape) {
    checkArgument(axis >= 0 && axis < shape.rank(), "%s: axis %s is out of range for shape %s", op, axis, shape);
  }

  /**
   * Checks that {@code indices} has the rank of {@code shape}, matches it on every axis but {@code axis},
   * and holds whole numbers in {@code [0, shape.dim(axis))}: what gather and scatter-add read.
   */
  static void checkAlongAxis(String op, Shape shape, int axis, NdArray indices) {
    Shape at = indices.shape();
    checkArgument(
        at.rank() == shape.rank(), "%s: indices need the rank of the input; got indices %s for input %s", op, at, shape);
    for (int a = 0; a < at.rank(); a++) {
      checkArgument(
          a == axis || at.dim(a) == shape.dim(a),
          "%s: indices must match the input except on axis %s; got indices %s for input %s", op, axis, at, shape);
    }
    for (int i = 0; i < at.size(); i++) {
      double v = indices.getFlat(i);
      if (v != Math.rint(v) || v < 0 || v >= shape.dim(axis)) {
        throw new IllegalArgumentException(String.format(
            "%s: index %s is not a whole number in [0, %s) for axis %s of %s", op, v, shape.dim(axis), axis, shape));
      }
    }
  }

  /** The product of non-negative factors, or {@link Long#MAX_VALUE} when it overflows long. */
  static long product(long... factors) {
    long p = 1;
    for (long f : factors) {
      p = f != 0 && p > Long.MAX_VALUE / f ? Long.MAX_VALUE : p * f;
    }
    return p;
  }

  /** The inverse of an axis permutation. */
  static int[] inverse(int[] order) {
    int[] inverse = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      inverse[order[i]] = i;
    }
    return inverse;
  }

  /** Unboxes an index list. */
  static int[] toArray(List<Integer> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** {@code indices} repeated along a new first axis of extent {@code size} (a broadcast view). */
  static NdArray repeated(NdArray indices, int size) {
    int[] one = new int[indices.shape().rank() + 1];
    int[] many = new int[one.length];
    one[0] = 1;
    many[0] = size;
    for (int d = 0; d < indices.shape().rank(); d++) {
      one[d + 1] = indices.shape().dim(d);
      many[d + 1] = indices.shape().dim(d);
    }
    return Elementwise.broadcast(Movement.reshape(indices, Shape.of(one)), Shape.of(many));
  }
}
