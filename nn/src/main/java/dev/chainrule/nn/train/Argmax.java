package dev.chainrule.nn.train;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/** Row-wise argmax of a matrix (first index wins ties). */
final class Argmax {
  private Argmax() {}

  static NdArray rows(NdArray m) {
    int n = m.shape().dim(0);
    int c = m.shape().dim(1);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (m.getFlat(i * c + j) > m.getFlat(i * c + best)) {
          best = j;
        }
      }
      out[i] = best;
    }
    return NdArray.of(Shape.of(n), out);
  }
}
