package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;

/**
 * Average pooling of sequences {@code [N, C, L]}, as PyTorch's {@code torch.nn.AvgPool1d}: the mean of each
 * window of {@code kernel} elements, windows taken every {@code stride}, giving {@code [N, C, outL]} with
 * {@link MaxPool2d}'s output size rule (without dilation). It has no parameters; the same pooling code as
 * {@link AvgPool2d}, along one axis.
 *
 * <p>The padding is zeros. With {@code countIncludePad} (PyTorch's default) a window's sum is divided by
 * the number of its positions in the input or the padding, otherwise by the number in the input; in ceil
 * mode a last window running past the right padding counts only the positions up to it, as PyTorch does.
 *
 * @param kernel window length
 * @param stride step between windows; PyTorch's default is the kernel, see {@link #of(int)}
 * @param padding implicit zeros at both ends, at most half the kernel
 * @param ceilMode whether the output size is rounded up, keeping a last partial window
 * @param countIncludePad whether the padding counts in each window's divisor
 */
public record AvgPool1d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad)
    implements Module {
  /**
   * Checks the options.
   *
   * @param kernel window length
   * @param stride step between windows
   * @param padding implicit zeros at both ends, at most half the kernel
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @param countIncludePad whether the padding counts in each window's divisor
   * @throws IllegalArgumentException if kernel or stride is not positive, or the padding is negative or
   *     more than half the kernel
   */
  public AvgPool1d {
    PoolAxis.check("avgPool1d", kernel, stride, padding, 1);
  }

  /**
   * No padding, floor mode, padding counted (as there is none).
   *
   * @param kernel window length, positive
   * @param stride step between windows, positive
   * @throws IllegalArgumentException if kernel or stride is not positive
   */
  public AvgPool1d(int kernel, int stride) {
    this(kernel, stride, 0, false, true);
  }

  /**
   * Non-overlapping windows: stride equal to the kernel, e.g. 2 halving the length.
   *
   * @param kernel the window length, positive
   * @return the layer
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public static AvgPool1d of(int kernel) {
    return new AvgPool1d(kernel, kernel);
  }

  /**
   * This layer with another padding.
   *
   * @param padding implicit zeros at both ends, at most half the kernel
   * @return the new layer
   * @throws IllegalArgumentException if the padding is negative or more than half the kernel
   */
  public AvgPool1d withPadding(int padding) {
    return new AvgPool1d(kernel, stride, padding, ceilMode, countIncludePad);
  }

  /**
   * This layer with the output size rounded up or down.
   *
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @return the new layer
   */
  public AvgPool1d withCeilMode(boolean ceilMode) {
    return new AvgPool1d(kernel, stride, padding, ceilMode, countIncludePad);
  }

  /**
   * This layer with the padding counted in the divisor or not.
   *
   * @param countIncludePad whether the padding counts in each window's divisor
   * @return the new layer
   */
  public AvgPool1d withCountIncludePad(boolean countIncludePad) {
    return new AvgPool1d(kernel, stride, padding, ceilMode, countIncludePad);
  }

  /**
   * Takes each window's mean.
   *
   * @param x the sequences, {@code [N, C, L]}
   * @return the means, {@code [N, C, outL]}
   * @throws IllegalArgumentException if {@code x} is not of rank 3 or no window fits the padded input
   */
  @Override
  public Tensor forward(Tensor x) {
    return Pooling.average(x, "avgPool1d", 1, axis(), countIncludePad);
  }

  private PoolAxis axis() {
    return new PoolAxis(kernel, stride, padding, 1, ceilMode);
  }

  /** Returns e.g. {@code AvgPool1d(2, stride 2)} or {@code AvgPool1d(3, stride 2, padding 1, ceil mode)}. */
  @Override
  public String toString() {
    return "AvgPool1d(" + kernel + ", stride " + stride + axis().options()
        + (countIncludePad ? "" : ", padding not counted") + ")";
  }
}
