package dev.chainrule.nn.layer;


import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Parameter;
import java.util.Random;

/**
 * A 2-D convolution (strictly, a cross-correlation, as in every framework) of images {@code [N, C, H, W]},
 * as PyTorch's {@code torch.nn.Conv2d}:
 * {@code y[n, o, r, s] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, g·C/G + c, r·sH − pH + i·dH, s·sW − pW + j·dW]}
 * for output channel {@code o} of group {@code g}, the input zero-padded, giving {@code [N, out, outH, outW]}
 * with {@code outH = (H + 2·pH − dH·(kH − 1) − 1) / sH + 1}. {@link ConvOptions} sets rectangular kernels,
 * per-axis stride, padding (sizes, {@code "same"}, {@code "valid"}), dilation, groups (depthwise when
 * {@code groups == in}) and whether there is a bias.
 *
 * <p>The weight has shape {@code [out, in / groups, kH, kW]} and the bias {@code [out]}, PyTorch's layout
 * and names, so weights interchange with {@code torch.nn.Conv2d}. It runs as im2col plus one matmul per
 * group (see {@link Tensor#unfold}); gradients of every order come from those ops.
 */
public final class Conv2d extends ConvolutionLayer {
  private Conv2d(Convolution convolution, Parameter[] parameters) {
    super(convolution, parameters);
  }

  /**
   * A layer with He-uniform weights (for ReLU) and zero bias.
   *
   * @param options channels, kernel, stride, padding, dilation, groups, bias and dtype
   * @param random the source of the initial weights
   * @return the layer
   * @throws IllegalArgumentException if an option has more than two values or "same" padding has a stride
   */
  public static Conv2d create(ConvOptions options, Random random) {
    return create(options, Init.heUniform(), random);
  }

  /**
   * A layer with weights drawn by {@code init} (fan-in {@code in / groups · kH · kW}, fan-out
   * {@code out · kH · kW}, as PyTorch counts them) and zero bias.
   *
   * @param options channels, kernel, stride, padding, dilation, groups, bias and dtype
   * @param init draws the initial weights
   * @param random the source of the initial weights
   * @return the layer
   * @throws IllegalArgumentException if an option has more than two values or "same" padding has a stride
   */
  public static Conv2d create(ConvOptions options, Init init, Random random) {
    Convolution convolution = new Convolution("conv2d", 2, options);
    return new Conv2d(convolution, convolution.parameters(false, init, random));
  }

  /**
   * A float64 layer with a square kernel, He-uniform weights and zero bias.
   *
   * @param in the input channels, positive
   * @param out the output channels, positive
   * @param kernel the side {@code k} of the square kernel, positive
   * @param stride the step between windows, in pixels, positive
   * @param padding the zeros added on every side of the image, non-negative
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Conv2d create(int in, int out, int kernel, int stride, int padding, Random random) {
    return create(in, out, kernel, stride, padding, DType.FLOAT64, Init.heUniform(), random);
  }

  /**
   * A layer with a square kernel, weights drawn by {@code init} and zero bias.
   *
   * @param in the input channels, positive
   * @param out the output channels, positive
   * @param kernel the side {@code k} of the square kernel, positive
   * @param stride the step between windows, in pixels, positive
   * @param padding the zeros added on every side of the image, non-negative
   * @param dtype float32 or float64
   * @param init draws the initial weights
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Conv2d create(
      int in, int out, int kernel, int stride, int padding, DType dtype, Init init, Random random) {
    ConvOptions options = ConvOptions.of(in, out, kernel).withStride(stride).withPadding(padding).withDType(dtype);
    return create(options, init, random);
  }

  /**
   * Convolves the images.
   *
   * @param x images {@code [N, in, H, W]}; an empty batch gives an empty result
   * @return {@code [N, out, outH, outW]}
   * @throws IllegalArgumentException if {@code x} is not of rank 4, has the wrong channels, or the kernel
   *     does not fit the padded image
   */
  @Override
  public Tensor forward(Tensor x) {
    return convolution.forward(x, weight().tensor(), biasOrNull());
  }

  /** Returns e.g. {@code Conv2d(1 → 8, kernel 3, padding 1)}. */
  @Override
  public String toString() {
    return "Conv2d(" + options() + ")";
  }
}
