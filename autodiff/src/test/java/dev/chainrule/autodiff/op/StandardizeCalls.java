package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;
import net.jqwik.api.Arbitrary;

/**
 * Calls of {@code standardize} over random axes (the fused primitive when they surround the kept ones, the
 * composition otherwise), against a loop that groups the elements by their kept indices.
 */
final class StandardizeCalls {
  private static final double EPS = 1e-5;

  private StandardizeCalls() {}

  /** Random arrays of rank ≤ 3 and random axes whose groups hold at least two elements (else all axes). */
  static Arbitrary<OpCase.Call> calls() {
    return ReductionCalls.standard()
        .filter(x -> x.rank() > 0 && x.size() >= 2)
        .flatMap(x -> Generators.someAxes(x.rank())
            .map(axes -> axes.length > 0 && groupSize(x.shape(), axes) >= 2 ? axes : allAxes(x.rank()))
            .map(axes -> new OpCase.Call(
                "axes=" + java.util.Arrays.toString(axes),
                List.of(x),
                xs -> xs.get(0).standardize(Axes.of(axes), EPS),
                xs -> reference(xs.get(0), axes))));
  }

  private static int[] allAxes(int rank) {
    return java.util.stream.IntStream.range(0, rank).toArray();
  }

  private static int groupSize(Shape shape, int[] axes) {
    int n = 1;
    for (int a : axes) {
      n *= shape.dim(Generators.normalize(a, shape.rank()));
    }
    return n;
  }

  /** Each element's group is the index of its kept axes; mean and biased variance per group. */
  static NdArray reference(NdArray x, int[] axes) {
    Shape shape = x.shape();
    boolean[] reduced = new boolean[shape.rank()];
    for (int a : axes) {
      reduced[Generators.normalize(a, shape.rank())] = true;
    }
    int[] group = new int[shape.size()];
    int groups = 0;
    int[] strides = shape.strides();
    for (int i = 0; i < shape.size(); i++) {
      int key = 0;
      for (int a = 0; a < shape.rank(); a++) {
        key = reduced[a] ? key : key * shape.dim(a) + (i / strides[a]) % shape.dim(a);
      }
      group[i] = key;
      groups = Math.max(groups, key + 1);
    }
    double[] sum = new double[groups];
    double[] count = new double[groups];
    double[] squares = new double[groups];
    for (int i = 0; i < group.length; i++) {
      sum[group[i]] += x.getFlat(i);
      count[group[i]]++;
    }
    for (int i = 0; i < group.length; i++) {
      double d = x.getFlat(i) - sum[group[i]] / count[group[i]];
      squares[group[i]] += d * d;
    }
    double[] out = new double[group.length];
    for (int i = 0; i < group.length; i++) {
      int g = group[i];
      out[i] = (x.getFlat(i) - sum[g] / count[g]) / Math.sqrt(squares[g] / count[g] + EPS);
    }
    return NdArray.of(shape, out);
  }
}
