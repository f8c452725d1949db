package dev.chainrule.autodiff.op;

import java.util.Arrays;

/** Row-major index arithmetic for the plain-loop references: flat positions, multi-indices and broadcasting. */
final class RowMajor {
  private RowMajor() {}

  /** The NumPy broadcast of two dimension lists, aligned at the right. */
  static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "reference: cannot broadcast " + Arrays.toString(a) + " and " + Arrays.toString(b));
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Flat position in an array of dimensions {@code source} that broadcasts to the element at {@code index}. */
  static int sourceOf(int[] index, int[] source) {
    int lead = index.length - source.length;
    int flat = 0;
    for (int i = 0; i < source.length; i++) {
      flat = flat * source[i] + (source[i] == 1 ? 0 : index[lead + i]);
    }
    return flat;
  }

  static int[] unravel(int flat, int[] dims) {
    int[] index = new int[dims.length];
    for (int a = dims.length - 1; a >= 0; a--) {
      index[a] = flat % dims[a];
      flat /= dims[a];
    }
    return index;
  }

  static int ravel(int[] index, int[] dims) {
    int flat = 0;
    for (int a = 0; a < dims.length; a++) {
      flat = flat * dims[a] + index[a];
    }
    return flat;
  }

  static int size(int[] dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** {@code values} with {@code value} inserted at position {@code at}. */
  static int[] insert(int[] values, int at, int value) {
    int[] out = new int[values.length + 1];
    System.arraycopy(values, 0, out, 0, at);
    out[at] = value;
    System.arraycopy(values, at, out, at + 1, values.length - at);
    return out;
  }
}
