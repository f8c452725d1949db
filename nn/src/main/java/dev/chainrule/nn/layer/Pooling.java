package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * Max and average pooling of {@code [N, C, L]} or {@code [N, C, H, W]} inputs, the same {@link PoolAxis}
 * along every spatial axis: the windows are gathered with {@code indexSelect} (so any stride, padding and
 * dilation work, and the gradient is that of the gather and the reduction), then reduced.
 */
final class Pooling {
  private static final String[] SHAPES = {"", "[N, C, L]", "[N, C, H, W]"};

  private Pooling() {}

  /** Each window's maximum; padding reads −∞, so it is never the maximum. */
  static Tensor max(Tensor x, String layer, int spatial, PoolAxis axis) {
    return windows(x, layer, spatial, axis, Double.NEGATIVE_INFINITY).max(kernelAxes(spatial));
  }

  /**
   * Each window's mean: padding reads 0, and the sum is divided by the number of positions PyTorch
   * counts ({@link PoolAxis#counts}).
   */
  static Tensor average(Tensor x, String layer, int spatial, PoolAxis axis, boolean countPadding) {
    Tensor sums = windows(x, layer, spatial, axis, 0).sum(kernelAxes(spatial));
    int[] dims = new int[spatial];
    double[] divisors = {1};
    for (int s = 0; s < spatial; s++) {
      double[] counts = axis.counts(x.shape().dim(2 + s), countPadding);
      dims[s] = counts.length;
      double[] product = new double[divisors.length * counts.length];
      for (int i = 0; i < product.length; i++) {
        product[i] = divisors[i / counts.length] * counts[i % counts.length];
      }
      divisors = product;
    }
    return sums.div(Tensor.of(NdArray.of(Shape.of(dims), divisors).to(x.dtype())));
  }

  /** Checks the input, then splits each spatial axis into windows and kernel positions. */
  private static Tensor windows(Tensor x, String layer, int spatial, PoolAxis axis, double fill) {
    Shape shape = x.shape();
    checkArgument(x.rank() == 2 + spatial, "%s: expected input %s; got %s", layer, SHAPES[spatial], shape);
    for (int s = 0; s < spatial; s++) {
      checkArgument(axis.outputSize(shape.dim(2 + s)) > 0, "%s: kernel %s%s does not fit input %s",
          layer, spatial == 2 ? axis.kernel() + "x" + axis.kernel() : axis.kernel(), axis.options(), shape);
    }
    Tensor windows = x;
    for (int s = 0; s < spatial; s++) {
      windows = axis.windows(windows, 2 + 2 * s, fill);
    }
    return windows;
  }

  /** The kernel-position axes of {@link #windows}' result: 3, and 5 for two spatial axes. */
  private static int[] kernelAxes(int spatial) {
    return spatial == 1 ? new int[] {3} : new int[] {3, 5};
  }
}
