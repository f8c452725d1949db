package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;

/**
 * Max pooling of images {@code [N, C, H, W]}, as PyTorch's {@code torch.nn.MaxPool2d} with a square
 * kernel: the largest value of each {@code kernel×kernel} window, windows taken every {@code stride}
 * pixels, giving {@code [N, C, outH, outW]} with
 * {@code outH = (H + 2·padding − dilation·(kernel − 1) − 1) / stride + 1}, rounded down, or up in ceil mode
 * (where a last window must still start inside the input or the left padding). It has no parameters.
 *
 * <p>The padding is implicit −∞, never a maximum. The windows are gathered and a max over each does the
 * rest, so the gradient goes to each window's maximum. Ties in a window share the gradient evenly (the
 * {@code max} reduction's rule), where PyTorch picks one element.
 *
 * @param kernel window side
 * @param stride step between windows; PyTorch's default is the kernel, see {@link #of(int)}
 * @param padding implicit −∞ on every side, at most half the kernel
 * @param dilation the step between a window's elements, 1 for adjacent ones
 * @param ceilMode whether the output size is rounded up, keeping a last partial window
 */
public record MaxPool2d(int kernel, int stride, int padding, int dilation, boolean ceilMode) implements Module {
  /**
   * Checks the options.
   *
   * @param kernel window side
   * @param stride step between windows
   * @param padding implicit −∞ on every side, at most half the kernel
   * @param dilation the step between a window's elements, 1 for adjacent ones
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @throws IllegalArgumentException if kernel, stride or dilation is not positive, or the padding is
   *     negative or more than half the kernel
   */
  public MaxPool2d {
    PoolAxis.check("maxPool2d", kernel, stride, padding, dilation);
  }

  /**
   * No padding, no dilation, floor mode.
   *
   * @param kernel window side, positive
   * @param stride step between windows, positive
   * @throws IllegalArgumentException if kernel or stride is not positive
   */
  public MaxPool2d(int kernel, int stride) {
    this(kernel, stride, 0, 1, false);
  }

  /**
   * Non-overlapping windows: stride equal to the kernel, e.g. 2x2 halving each side.
   *
   * @param kernel the side of the square window, positive
   * @return the layer
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public static MaxPool2d of(int kernel) {
    return new MaxPool2d(kernel, kernel);
  }

  /**
   * This layer with another padding.
   *
   * @param padding implicit −∞ on every side, at most half the kernel
   * @return the new layer
   * @throws IllegalArgumentException if the padding is negative or more than half the kernel
   */
  public MaxPool2d withPadding(int padding) {
    return new MaxPool2d(kernel, stride, padding, dilation, ceilMode);
  }

  /**
   * This layer with another dilation.
   *
   * @param dilation the step between a window's elements, positive
   * @return the new layer
   * @throws IllegalArgumentException if the dilation is not positive
   */
  public MaxPool2d withDilation(int dilation) {
    return new MaxPool2d(kernel, stride, padding, dilation, ceilMode);
  }

  /**
   * This layer with the output size rounded up or down.
   *
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @return the new layer
   */
  public MaxPool2d withCeilMode(boolean ceilMode) {
    return new MaxPool2d(kernel, stride, padding, dilation, ceilMode);
  }

  /**
   * Takes each window's maximum.
   *
   * @param x the images, {@code [N, C, H, W]}
   * @return the maxima, {@code [N, C, outH, outW]}
   * @throws IllegalArgumentException if {@code x} is not of rank 4 or no window fits the padded input
   */
  @Override
  public Tensor forward(Tensor x) {
    if (padding == 0 && dilation == 1 && !ceilMode && x.rank() == 4 && x.shape().dim(2) >= kernel
        && x.shape().dim(3) >= kernel) {
      return unfolded(x); // the common case: one unfold, 1.4× faster for the MNIST CNN's epoch than the gather
    }
    return Pooling.max(x, "maxPool2d", 2, axis());
  }

  /** Plain windows as columns of {@link Tensor#unfold}, each channel pooled as its own one-channel image. */
  private Tensor unfolded(Tensor x) {
    Shape s = x.shape();
    int outH = (s.dim(2) - kernel) / stride + 1;
    int outW = (s.dim(3) - kernel) / stride + 1;
    Tensor windows = x.reshape(s.dim(0) * s.dim(1), 1, s.dim(2), s.dim(3)).unfold(kernel, kernel, stride, 0);
    return windows.max(1).reshape(s.dim(0), s.dim(1), outH, outW);
  }

  private PoolAxis axis() {
    return new PoolAxis(kernel, stride, padding, dilation, ceilMode);
  }

  /** Returns e.g. {@code MaxPool2d(2x2, stride 2)} or {@code MaxPool2d(3x3, stride 2, padding 1, ceil mode)}. */
  @Override
  public String toString() {
    return "MaxPool2d(" + kernel + "x" + kernel + ", stride " + stride + axis().options() + ")";
  }
}
