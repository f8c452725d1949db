package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Patches;

/**
 * The sliding patches of images {@code [N, C, H, W]} as columns {@code [N, C·kH·kW, L]} (im2col):
 * {@code out[n, (c·kH + i)·kW + j, y·outW + x] = in[n, c, y·sH − pH + i·dH, x·sW − pW + j·dW]}, zero where
 * that falls in the padding, with {@code L = outH·outW} the patches of the {@link SlidingWindow}. A
 * convolution is a matmul of the weights with these columns. Adjoint of {@link Fold}: each is the other's
 * backward.
 * A primitive: one pass where slices would take {@code kH·kW} passes.
 *
 * @param window the patch, stride, padding and dilation
 */
public record Unfold(SlidingWindow window) implements Op.Unary, Primitive {
  /**
   * Checks that there is a window.
   *
   * @param window the patch, stride, padding and dilation
   */
  public Unfold {
    checkNotNull(window, "unfold: the window is null");
  }

  @Override
  public Shape shape(Shape x) {
    checkArgument(x.rank() == 4, "unfold: expected [N, C, H, W]; got %s", x);
    checkArgument(window.fits(x.dim(2), x.dim(3)), "unfold: %s does not fit input %sx%s", window, x.dim(2), x.dim(3));
    long channels = Shapes.product(x.dim(1), window.kernelH(), window.kernelW());
    long patches = Shapes.product(window.outHeight(x.dim(2)), window.outWidth(x.dim(3)));
    // the kernel builds one image's columns in an int-indexed array, so those must fit even for an empty batch
    boolean fits = channels <= Integer.MAX_VALUE && patches <= Integer.MAX_VALUE
        && channels * patches <= Integer.MAX_VALUE && channels * patches * x.dim(0) <= Integer.MAX_VALUE;
    checkArgument(fits,
        "unfold: the columns [N, C·kH·kW, L] have more than 2^31 - 1 elements (per image or in all); got input %s with %s, columns [%s, %s, %s]",
        x, window, x.dim(0), channels, patches);
    return Shape.of(x.dim(0), (int) channels, (int) patches);
  }

  @Override
  public NdArray forward(NdArray x) {
    return Patches.unfold(x, window);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // unfold is linear, so its vector-Jacobian product is its adjoint: fold (a pixel sums its copies' grads)
    return grad.fold(x.shape().dim(2), x.shape().dim(3), window);
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the batch joins the images' axis N, and leaves it after
    Shape x = batch.shape(0);
    Tensor images = batch.get(0).reshape(batch.size() * x.dim(0), x.dim(1), x.dim(2), x.dim(3));
    Tensor columns = Tensor.apply(this, images);
    return columns.reshape(batch.batched(shape(x)));
  }
}
