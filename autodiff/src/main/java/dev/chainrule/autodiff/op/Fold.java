package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Patches;

/**
 * Images {@code [N, C, height, width]} from columns {@code [N, C·kH·kW, L]} (col2im), each pixel the sum
 * of its copies: {@code out[n, c, y·sH − pH + i·dH, x·sW − pW + j·dW] += in[n, (c·kH + i)·kW + j, y·outW + x]},
 * entries that fall in the padding dropped. Adjoint of {@link Unfold}: each is the other's backward.
 * A primitive: the adjoint of {@link Unfold}.
 *
 * @param height output image height
 * @param width output image width
 * @param window the patch, stride, padding and dilation the columns were cut with
 */
public record Fold(int height, int width, SlidingWindow window) implements Op.Unary, Primitive {
  /**
   * Checks the size and that the window fits the padded output image.
   *
   * @param height output image height
   * @param width output image width
   * @param window the patch, stride, padding and dilation the columns were cut with
   */
  public Fold {
    checkNotNull(window, "fold: the window is null");
    checkArgument(height >= 0 && width >= 0, "fold: output size must be non-negative; got %sx%s", height, width);
    checkArgument(window.fits(height, width), "fold: %s does not fit output %sx%s", window, height, width);
  }

  @Override
  public Shape shape(Shape x) {
    checkArgument(x.rank() == 3, "fold: expected [N, C·kH·kW, L]; got %s", x);
    long kernel = Shapes.product(window.kernelH(), window.kernelW()); // long: kH·kW can wrap int to 0
    checkArgument(x.dim(1) % kernel == 0, "fold: dimension 1 must be a multiple of the kernel's %s (%sx%s) elements; got %s",
        kernel, window.kernelH(), window.kernelW(), x);
    long outH = window.outHeight(height);
    long outW = window.outWidth(width);
    checkArgument(
        outH <= Integer.MAX_VALUE && outW <= Integer.MAX_VALUE && x.dim(2) == outH * outW,
        "fold: output %sx%s with %s has %s patches (%sx%s); got %s", height, width, window, outH * outW, outH, outW, x);
    int channels = (int) (x.dim(1) / kernel);
    long entries = Shapes.product(x.dim(1), x.dim(2));
    long pixels = Shapes.product(channels, height, width);
    // the kernel maps one image's column entries and pixels in int-indexed arrays, so those must fit even for N = 0
    boolean fits = entries <= Integer.MAX_VALUE && pixels <= Integer.MAX_VALUE && pixels * x.dim(0) <= Integer.MAX_VALUE;
    checkArgument(fits,
        "fold: the columns or images have more than 2^31 - 1 elements (per image or in all); got columns %s to images [%s, %s, %s, %s]",
        x, x.dim(0), channels, height, width);
    return Shape.of(x.dim(0), channels, height, width);
  }

  @Override
  public NdArray forward(NdArray x) {
    return Patches.fold(x, height, width, window);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.unfold(window); // each column entry reads back the pixel it added to
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the batch joins the columns' axis N, and leaves it after
    Shape x = batch.shape(0);
    Tensor columns = batch.get(0).reshape(batch.size() * x.dim(0), x.dim(1), x.dim(2));
    Tensor images = Tensor.apply(this, columns);
    return images.reshape(batch.batched(shape(x)));
  }
}
