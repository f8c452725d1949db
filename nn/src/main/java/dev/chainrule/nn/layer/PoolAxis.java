package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Arrays;

/**
 * The windows of a pooling layer along one spatial axis, with PyTorch's rules: {@code padding} implicit
 * values before and after the input, windows of {@code kernel} elements {@code dilation} apart, one every
 * {@code stride}; in ceil mode a last partial window is kept when it starts inside the input or the left
 * padding.
 */
record PoolAxis(int kernel, int stride, int padding, int dilation, boolean ceilMode) {
  /**
   * Checks a layer's options, naming the layer: positive kernel, stride and dilation, and PyTorch's rule
   * that the padding is at most half the kernel.
   */
  static void check(String layer, int kernel, int stride, int padding, int dilation) {
    checkArgument(kernel > 0 && stride > 0, "%s: kernel and stride must be positive; got %s and %s", layer, kernel, stride);
    checkArgument(dilation > 0, "%s: dilation must be positive; got %s", layer, dilation);
    checkArgument(padding >= 0 && padding <= kernel / 2,
        "%s: padding must be between 0 and half the kernel; got padding %s, kernel %s", layer, padding, kernel);
  }

  /** The number of windows along an axis of {@code length}, or 0 or less when none fits. */
  int outputSize(int length) {
    int span = length + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
    int out = Math.floorDiv(span, stride) + 1;
    return ceilMode && out > 0 && (out - 1) * stride >= length + padding ? out - 1 : out;
  }

  /**
   * The windows of {@code x} along {@code axis}: that axis, of extent {@code L}, becomes two, the
   * {@link #outputSize} windows and the {@code kernel} positions of each; positions outside the input read
   * {@code fill}.
   */
  Tensor windows(Tensor x, int axis, double fill) {
    int length = x.shape().dim(axis);
    int out = outputSize(length);
    int after = Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - padding - length);
    Tensor padded = x.pad(axis, padding, after);
    if (fill != 0 && padding + after > 0) {
      padded = padded.add(Tensor.of(fillOutside(x.rank(), axis, length, after, fill).to(x.dtype())));
    }
    int[] indices = new int[out * kernel];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < kernel; j++) {
        indices[i * kernel + j] = i * stride + j * dilation;
      }
    }
    int[] dims = x.shape().toArray();
    int[] split = new int[dims.length + 1];
    for (int a = 0, b = 0; a < dims.length; a++) {
      split[b++] = a == axis ? out : dims[a];
      if (a == axis) {
        split[b++] = kernel;
      }
    }
    return padded.indexSelect(axis, indices).reshape(Shape.of(split));
  }

  /** {@code [1, .., L + padding + after, .., 1]}: {@code fill} at the padded positions, 0 at the input's. */
  private NdArray fillOutside(int rank, int axis, int length, int after, double fill) {
    double[] values = new double[padding + length + after];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < padding || i >= padding + length ? fill : 0;
    }
    int[] dims = new int[rank];
    Arrays.fill(dims, 1);
    dims[axis] = values.length;
    return NdArray.of(Shape.of(dims), values);
  }

  /**
   * How many positions each window averages over: those in the input and, if {@code countPadding}, in
   * the padding too, but never past the right padding (PyTorch's rule for ceil mode's last window).
   */
  double[] counts(int length, boolean countPadding) {
    double[] counts = new double[outputSize(length)];
    for (int i = 0; i < counts.length; i++) {
      int start = i * stride - padding;
      int end = Math.min(start + kernel, length + padding);
      counts[i] = countPadding ? end - start : Math.min(end, length) - Math.max(start, 0);
    }
    return counts;
  }

  /** The options that differ from the defaults (no padding, no dilation, floor mode), for {@code toString}. */
  String options() {
    return (padding > 0 ? ", padding " + padding : "") + (dilation > 1 ? ", dilation " + dilation : "")
        + (ceilMode ? ", ceil mode" : "");
  }
}
