package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.array.NdArray;

/** Shape rules shared by the primitives. */
final class Shapes {
  private Shapes() {}

  /** Elementwise primitives take equal shapes; the front end broadcasts before applying them. */
  static void checkSame(Op op, NdArray a, NdArray b) {
    if (!a.shape().equals(b.shape())) {
      throw new IllegalArgumentException(String.format(
          "%s: the primitive needs equal shapes (Tensor broadcasts before applying it); got %s and %s",
          op.name(), a.shape(), b.shape()));
    }
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
  static int[] toArray(java.util.List<Integer> values) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
