package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;

/**
 * Average pooling of images {@code [N, C, H, W]}, as PyTorch's {@code torch.nn.AvgPool2d} with a square
 * kernel: the mean of each {@code kernel×kernel} window, windows taken every {@code stride} pixels, giving
 * {@code [N, C, outH, outW]} with {@link MaxPool2d}'s output size rule (without dilation). It has no
 * parameters.
 *
 * <p>The padding is zeros. With {@code countIncludePad} (PyTorch's default) a window's sum is divided by
 * the number of its positions in the input or the padding, otherwise by the number in the input; in ceil
 * mode a last window running past the right padding counts only the positions up to it, as PyTorch does.
 *
 * @param kernel window side
 * @param stride step between windows; PyTorch's default is the kernel, see {@link #of(int)}
 * @param padding implicit zeros on every side, at most half the kernel
 * @param ceilMode whether the output size is rounded up, keeping a last partial window
 * @param countIncludePad whether the padding counts in each window's divisor
 */
public record AvgPool2d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad)
    implements Module {
  /**
   * Checks the options.
   *
   * @param kernel window side
   * @param stride step between windows
   * @param padding implicit zeros on every side, at most half the kernel
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @param countIncludePad whether the padding counts in each window's divisor
   * @throws IllegalArgumentException if kernel or stride is not positive, or the padding is negative or
   *     more than half the kernel
   */
  public AvgPool2d {
    PoolAxis.check("avgPool2d", kernel, stride, padding, 1);
  }

  /**
   * No padding, floor mode, padding counted (as there is none).
   *
   * @param kernel window side, positive
   * @param stride step between windows, positive
   * @throws IllegalArgumentException if kernel or stride is not positive
   */
  public AvgPool2d(int kernel, int stride) {
    this(kernel, stride, 0, false, true);
  }

  /**
   * Non-overlapping windows: stride equal to the kernel, e.g. 2x2 halving each side.
   *
   * @param kernel the side of the square window, positive
   * @return the layer
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public static AvgPool2d of(int kernel) {
    return new AvgPool2d(kernel, kernel);
  }

  /**
   * This layer with another padding.
   *
   * @param padding implicit zeros on every side, at most half the kernel
   * @return the new layer
   * @throws IllegalArgumentException if the padding is negative or more than half the kernel
   */
  public AvgPool2d withPadding(int padding) {
    return new AvgPool2d(kernel, stride, padding, ceilMode, countIncludePad);
  }

  /**
   * This layer with the output size rounded up or down.
   *
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @return the new layer
   */
  public AvgPool2d withCeilMode(boolean ceilMode) {
    return new AvgPool2d(kernel, stride, padding, ceilMode, countIncludePad);
  }

  /**
   * This layer with the padding counted in the divisor or not.
   *
   * @param countIncludePad whether the padding counts in each window's divisor
   * @return the new layer
   */
  public AvgPool2d withCountIncludePad(boolean countIncludePad) {
    return new AvgPool2d(kernel, stride, padding, ceilMode, countIncludePad);
  }

  /**
   * Takes each window's mean.
   *
   * @param x the images, {@code [N, C, H, W]}
   * @return the means, {@code [N, C, outH, outW]}
   * @throws IllegalArgumentException if {@code x} is not of rank 4 or no window fits the padded input
   */
  @Override
  public Tensor forward(Tensor x) {
    return Pooling.average(x, "avgPool2d", 2, axis(), countIncludePad);
  }

  private PoolAxis axis() {
    return new PoolAxis(kernel, stride, padding, 1, ceilMode);
  }

  /** Returns e.g. {@code AvgPool2d(2x2, stride 2)} or {@code AvgPool2d(3x3, stride 2, padding 1, ceil mode)}. */
  @Override
  public String toString() {
    return "AvgPool2d(" + kernel + "x" + kernel + ", stride " + stride + axis().options()
        + (countIncludePad ? "" : ", padding not counted") + ")";
  }
}
