package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Parameter;
import java.util.Arrays;

/**
 * What the normalization layers share besides {@link Tensor#standardize} (which normalizes with a batch's
 * own statistics): normalizing with given statistics (batch norm in evaluation), and the per-channel scale
 * and shift of the {@code [N, C, *]} layers.
 */
final class Normalization {
  private Normalization() {}

  /** Normalizes {@code x} with the given mean and (biased) variance, both broadcastable to it. */
  static Tensor normalize(Tensor x, Tensor mean, Tensor variance, double eps) {
    return x.sub(mean).div(variance.add(eps).sqrt());
  }

  /** The per-channel vector {@code v} of shape {@code [C]} as {@code [1, C, 1, …]}, of rank {@code rank}. */
  static Tensor perChannel(Tensor v, int rank) {
    int[] dims = new int[rank];
    Arrays.fill(dims, 1);
    dims[1] = v.shape().dim(0);
    return v.reshape(Shape.of(dims));
  }

  /** {@code y·weight + bias} per channel (axis 1); {@code y} itself when both are null (no affine). */
  static Tensor scaleAndShift(Tensor y, Parameter weight, Parameter bias) {
    if (weight == null) {
      return y;
    }
    return y.mul(perChannel(weight.tensor(), y.rank())).add(perChannel(bias.tensor(), y.rank()));
  }

  /** The number of elements of {@code shape} over {@code axes}: the values each statistic is taken over. */
  static int count(Shape shape, int... axes) {
    int n = 1;
    for (int axis : axes) {
      n *= shape.dim(axis);
    }
    return n;
  }
}
