package dev.chainrule.autodiff.array;

/** Nested-bracket text for arrays, abbreviated past a few elements per axis. */
final class Printing {
  private static final int EDGE = 3;

  private Printing() {}

  static String format(NdArray x) {
    StringBuilder out = new StringBuilder();
    append(out, x, 0, 0, x.shape().strides());
    return out.toString();
  }

  private static void append(StringBuilder out, NdArray x, int axis, int offset, int[] strides) {
    if (axis == x.rank()) {
      out.append(x.dtype() == DType.FLOAT32 ? Float.toString((float) x.getFlat(offset)) : Double.toString(x.getFlat(offset)));
      return;
    }
    int n = x.shape().dim(axis);
    out.append('[');
    for (int i = 0; i < n; i++) {
      if (n > 2 * EDGE && i == EDGE) {
        out.append("..., ");
        i = n - EDGE;
      }
      append(out, x, axis + 1, offset + i * strides[axis], strides);
      if (i < n - 1) {
        out.append(", ");
      }
    }
    out.append(']');
  }
}
