package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;
import java.util.Random;

/**
 * A 2-D convolution (strictly, a cross-correlation, as in every framework) of images {@code [N, C, H, W]}:
 * {@code y[n, o, r, s] = b[o] + Σ_{c,i,j} W[o, c, i, j] · x[n, c, r·stride − padding + i, s·stride − padding + j]},
 * zero-padded, giving {@code [N, out, outH, outW]} with {@code outH = (H + 2·padding − k) / stride + 1}.
 *
 * <p>The weight has shape {@code [out, in, k, k]} and the bias {@code [out]}, PyTorch's layout, so saved
 * weights line up with {@code torch.nn.Conv2d}. It runs as im2col: {@link Tensor#unfold} lays the patches
 * out as columns {@code [N, in·k·k, L]} and one batched matmul with the weight viewed as {@code [out, in·k·k]}
 * does the rest; gradients come from those two ops.
 */
public final class Conv2d implements Module {
  private final int in;
  private final int out;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final Parameter weight;
  private final Parameter bias;

  private Conv2d(int in, int out, int kernel, int stride, int padding, Parameter weight, Parameter bias) {
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.weight = weight;
    this.bias = bias;
  }

  /**
   * A float64 layer with He-uniform weights (for ReLU) and zero bias.
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
   * A layer with weights drawn by {@code init} (fan-in {@code in·k·k}, fan-out {@code out·k·k}) and zero bias.
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
    checkArgument(
        in > 0 && out > 0 && kernel > 0 && stride > 0 && padding >= 0,
        "conv2d: channels, kernel and stride must be positive and padding non-negative;"
            + " got in %s, out %s, kernel %s, stride %s, padding %s",
        in, out, kernel, stride, padding);
    checkArgument(
        product(out, in, kernel, kernel) <= Integer.MAX_VALUE, // so in·k·k and out·k·k below fit an int too
        "conv2d: the weight [out, in, k, k] has more than 2^31 - 1 elements; got [%s, %s, %s, %s]",
        out, in, kernel, kernel);
    int area = kernel * kernel;
    Parameter weight =
        new Parameter(init.sample(Shape.of(out, in, kernel, kernel), dtype, in * area, out * area, random));
    Parameter bias = new Parameter(NdArray.zeros(Shape.of(out), dtype));
    return new Conv2d(in, out, kernel, stride, padding, weight, bias);
  }

  /**
   * The weight, shape {@code [out, in, k, k]}.
   *
   * @return the weight
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * The bias, shape {@code [out]}.
   *
   * @return the bias
   */
  public Parameter bias() {
    return bias;
  }

  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    checkArgument(x.rank() == 4, "conv2d: expected input [N, C, H, W]; got %s", s);
    checkArgument(s.dim(1) == in, "conv2d: expected %s input channels; got %s", in, s);
    // every size in long: H + 2·padding passes 2^31 - 1 once padding passes 2^30, and the products pass long too
    checkArgument(
        (long) s.dim(2) + 2L * padding >= kernel && (long) s.dim(3) + 2L * padding >= kernel,
        "conv2d: the kernel does not fit the padded input; got %s", geometry(s));
    long outH = windows(s.dim(2), kernel, stride, padding);
    long outW = windows(s.dim(3), kernel, stride, padding);
    checkArgument(
        product(s.dim(0), out, outH, outW) <= Integer.MAX_VALUE,
        "conv2d: the output [N, out, outH, outW] has more than 2^31 - 1 elements; got %s, output [%s, %s, %s, %s]",
        geometry(s), s.dim(0), out, outH, outW);
    long patch = product(in, kernel, kernel);
    // unfold builds one image's columns even for an empty batch, so they must fit on their own too
    checkArgument(
        product(Math.max(s.dim(0), 1), patch, outH, outW) <= Integer.MAX_VALUE,
        "conv2d: the columns [N, in·k·k, L] of the input's patches have more than 2^31 - 1 elements;"
            + " got %s, columns [%s, %s, %s]",
        geometry(s), s.dim(0), patch, product(outH, outW));
    return convolve(x, weight.tensor(), bias.tensor(), stride, padding);
  }

  /** The convolution of {@code x} with {@code weight} {@code [out, in, k, k]} plus {@code bias} {@code [out]}. */
  static Tensor convolve(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
    int n = x.shape().dim(0);
    int out = weight.shape().dim(0);
    int kernel = weight.shape().dim(2);
    Tensor columns = x.unfold(kernel, kernel, stride, padding); // checks that the output sides fit an int
    int outH = Math.toIntExact(windows(x.shape().dim(2), kernel, stride, padding));
    int outW = Math.toIntExact(windows(x.shape().dim(3), kernel, stride, padding));
    Tensor y = weight.reshape(out, -1).matmul(columns); // [out, in·k·k] @ [N, in·k·k, L] → [N, out, L]
    return y.reshape(n, out, outH, outW).add(bias.reshape(out, 1, 1));
  }

  /** The number of window positions along a side of {@code extent}, padded on both ends; long, as it can pass int. */
  private static long windows(int extent, int kernel, int stride, int padding) {
    return ((long) extent + 2L * padding - kernel) / stride + 1;
  }

  /** The product of non-negative factors, or {@link Long#MAX_VALUE} once it passes long. */
  private static long product(long... factors) {
    try {
      long p = 1;
      for (long f : factors) {
        p = Math.multiplyExact(p, f);
      }
      return p;
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /** The input shape and this layer's window, for error messages. */
  private String geometry(Shape s) {
    return "input " + s + ", kernel " + kernel + "x" + kernel + ", stride " + stride + ", padding " + padding;
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return WeightAndBias.of(weight, bias);
  }

  /** Returns e.g. {@code Conv2d(1 → 8, 3x3, stride 1, padding 1)}. */
  @Override
  public String toString() {
    return "Conv2d(" + in + " → " + out + ", " + kernel + "x" + kernel + ", stride " + stride + ", padding " + padding + ")";
  }
}
