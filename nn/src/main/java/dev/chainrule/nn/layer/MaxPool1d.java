package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;

/**
 * Max pooling of sequences {@code [N, C, L]}, as PyTorch's {@code torch.nn.MaxPool1d}: the largest value of
 * each window of {@code kernel} elements, windows taken every {@code stride}, giving {@code [N, C, outL]}
 * with the output size rule of {@link MaxPool2d} (padding is implicit −∞, ceil mode keeps a last window
 * that starts inside the input or the left padding). It has no parameters; the same pooling code as
 * {@link MaxPool2d}, along one axis.
 *
 * @param kernel window length
 * @param stride step between windows; PyTorch's default is the kernel, see {@link #of(int)}
 * @param padding implicit −∞ at both ends, at most half the kernel
 * @param dilation the step between a window's elements, 1 for adjacent ones
 * @param ceilMode whether the output size is rounded up, keeping a last partial window
 */
public record MaxPool1d(int kernel, int stride, int padding, int dilation, boolean ceilMode) implements Module {
  /**
   * Checks the options.
   *
   * @param kernel window length
   * @param stride step between windows
   * @param padding implicit −∞ at both ends, at most half the kernel
   * @param dilation the step between a window's elements, 1 for adjacent ones
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @throws IllegalArgumentException if kernel, stride or dilation is not positive, or the padding is
   *     negative or more than half the kernel
   */
  public MaxPool1d {
    PoolAxis.check("maxPool1d", kernel, stride, padding, dilation);
  }

  /**
   * No padding, no dilation, floor mode.
   *
   * @param kernel window length, positive
   * @param stride step between windows, positive
   * @throws IllegalArgumentException if kernel or stride is not positive
   */
  public MaxPool1d(int kernel, int stride) {
    this(kernel, stride, 0, 1, false);
  }

  /**
   * Non-overlapping windows: stride equal to the kernel, e.g. 2 halving the length.
   *
   * @param kernel the window length, positive
   * @return the layer
   * @throws IllegalArgumentException if the kernel is not positive
   */
  public static MaxPool1d of(int kernel) {
    return new MaxPool1d(kernel, kernel);
  }

  /**
   * This layer with another padding.
   *
   * @param padding implicit −∞ at both ends, at most half the kernel
   * @return the new layer
   * @throws IllegalArgumentException if the padding is negative or more than half the kernel
   */
  public MaxPool1d withPadding(int padding) {
    return new MaxPool1d(kernel, stride, padding, dilation, ceilMode);
  }

  /**
   * This layer with another dilation.
   *
   * @param dilation the step between a window's elements, positive
   * @return the new layer
   * @throws IllegalArgumentException if the dilation is not positive
   */
  public MaxPool1d withDilation(int dilation) {
    return new MaxPool1d(kernel, stride, padding, dilation, ceilMode);
  }

  /**
   * This layer with the output size rounded up or down.
   *
   * @param ceilMode whether the output size is rounded up, keeping a last partial window
   * @return the new layer
   */
  public MaxPool1d withCeilMode(boolean ceilMode) {
    return new MaxPool1d(kernel, stride, padding, dilation, ceilMode);
  }

  /**
   * Takes each window's maximum.
   *
   * @param x the sequences, {@code [N, C, L]}
   * @return the maxima, {@code [N, C, outL]}
   * @throws IllegalArgumentException if {@code x} is not of rank 3 or no window fits the padded input
   */
  @Override
  public Tensor forward(Tensor x) {
    return Pooling.max(x, "maxPool1d", 1, axis());
  }

  private PoolAxis axis() {
    return new PoolAxis(kernel, stride, padding, dilation, ceilMode);
  }

  /** Returns e.g. {@code MaxPool1d(2, stride 2)} or {@code MaxPool1d(3, stride 2, padding 1, ceil mode)}. */
  @Override
  public String toString() {
    return "MaxPool1d(" + kernel + ", stride " + stride + axis().options() + ")";
  }
}
