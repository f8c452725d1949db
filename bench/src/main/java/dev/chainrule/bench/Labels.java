package dev.chainrule.bench;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;

/** Class-index targets for the peer suite's classifiers. */
final class Labels {
  private Labels() {}

  /** {@code [n]} float32 class indices drawn uniformly from {@code 0 … classes - 1}. */
  static NdArray uniform(int n, int classes, Random random) {
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(classes);
    }
    return NdArray.of(Shape.of(n), labels).to(DType.FLOAT32);
  }
}
