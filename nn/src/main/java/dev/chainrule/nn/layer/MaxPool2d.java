package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;

/**
 * Max pooling of images {@code [N, C, H, W]}: the largest value of each {@code kernel×kernel} window,
 * windows taken every {@code stride} pixels, giving {@code [N, C, outH, outW]} with
 * {@code outH = (H − kernel) / stride + 1}. It has no parameters.
 *
 * <p>Each channel is pooled as its own one-channel image: {@link Tensor#unfold} lays the windows out as
 * columns and a max over them does the rest, so the gradient goes to each window's maximum. Ties in a
 * window share the gradient evenly (the {@code max} reduction's rule), where PyTorch picks one element.
 *
 * @param kernel window side
 * @param stride step between windows; PyTorch's default is the kernel, see {@link #of(int)}
 */
public record MaxPool2d(int kernel, int stride) implements Module {
  /**
   * Checks that kernel and stride are positive.
   *
   * @param kernel window side
   * @param stride step between windows; PyTorch's default is the kernel, see {@link #of(int)}
   */
  public MaxPool2d {
    checkArgument(kernel > 0 && stride > 0, "maxPool2d: kernel and stride must be positive; got %s and %s", kernel, stride);
  }

  /**
   * Non-overlapping windows: stride equal to the kernel, e.g. 2x2 halving each side.
   *
   * @param kernel the side of the square window, positive
   * @return the layer
   */
  public static MaxPool2d of(int kernel) {
    return new MaxPool2d(kernel, kernel);
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    checkArgument(x.rank() == 4, "maxPool2d: expected input [N, C, H, W]; got %s", s);
    checkArgument(
        s.dim(2) >= kernel && s.dim(3) >= kernel, "maxPool2d: kernel %sx%s does not fit input %s", kernel, kernel, s);
    int outH = (s.dim(2) - kernel) / stride + 1;
    int outW = (s.dim(3) - kernel) / stride + 1;
    Tensor windows = x.reshape(s.dim(0) * s.dim(1), 1, s.dim(2), s.dim(3)).unfold(kernel, kernel, stride, 0);
    return windows.max(1).reshape(s.dim(0), s.dim(1), outH, outW);
  }

  /** Returns e.g. {@code MaxPool2d(2x2, stride 2)}. */
  @Override
  public String toString() {
    return "MaxPool2d(" + kernel + "x" + kernel + ", stride " + stride + ")";
  }
}
