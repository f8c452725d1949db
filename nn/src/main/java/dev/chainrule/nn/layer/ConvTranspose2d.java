package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Parameter;
import java.util.Random;

/**
 * A transposed 2-D convolution of images {@code [N, in, H, W]} (sometimes called a deconvolution), as
 * PyTorch's {@code torch.nn.ConvTranspose2d}: the adjoint of {@link Conv2d} with the same options, so each
 * input pixel adds the kernel, scaled by its value, into the output at {@code stride} steps. The output is
 * {@code [N, out, outH, outW]} with {@code outH = (H − 1)·sH − 2·pH + dH·(kH − 1) + outputPaddingH + 1}:
 * {@code padding} trims the output's border and {@code outputPadding} adds rows and columns at the bottom
 * and right, to pick one of the sizes a strided convolution maps to the same size.
 *
 * <p>The weight has shape {@code [in, out / groups, kH, kW]} and the bias {@code [out]}, PyTorch's layout
 * and names. It runs as a matmul with the transposed weight per group, then {@link Tensor#fold} (col2im).
 */
public final class ConvTranspose2d extends ConvolutionLayer {
  private final int[] outputPadding;

  private ConvTranspose2d(Convolution convolution, int[] outputPadding, Parameter[] parameters) {
    super(convolution, parameters);
    this.outputPadding = outputPadding;
  }

  /**
   * A layer without output padding, He-uniform weights and zero bias.
   *
   * @param options channels, kernel, stride, padding (sizes only), dilation, groups, bias and dtype
   * @param random the source of the initial weights
   * @return the layer
   * @throws IllegalArgumentException if the padding is "same" or an option has more than two values
   */
  public static ConvTranspose2d create(ConvOptions options, Random random) {
    return create(options, 0, 0, Init.heUniform(), random);
  }

  /**
   * A layer with weights drawn by {@code init} (fan-in {@code out / groups · kH · kW}, fan-out
   * {@code in · kH · kW}, as PyTorch counts them for this layout) and zero bias.
   *
   * @param options channels, kernel, stride, padding (sizes only), dilation, groups, bias and dtype
   * @param outputPaddingH rows added at the bottom of the output, less than the stride down
   * @param outputPaddingW columns added at the right of the output, less than the stride across
   * @param init draws the initial weights
   * @param random the source of the initial weights
   * @return the layer
   * @throws IllegalArgumentException if the padding is "same", an option has more than two values or an
   *     output padding is negative or not less than its stride
   */
  public static ConvTranspose2d create(
      ConvOptions options, int outputPaddingH, int outputPaddingW, Init init, Random random) {
    checkArgument(!options.padding().sameSize(), "convTranspose2d: padding \"same\" is not supported; got %s", options);
    Convolution convolution = new Convolution("convTranspose2d", 2, options);
    int strideH = convolution.stride(0);
    int strideW = convolution.stride(1);
    checkArgument(outputPaddingH >= 0 && outputPaddingW >= 0 && outputPaddingH < strideH && outputPaddingW < strideW,
        "convTranspose2d: output padding must be non-negative and less than the stride; got output padding %sx%s, stride %sx%s",
        outputPaddingH, outputPaddingW, strideH, strideW);
    return new ConvTranspose2d(
        convolution, new int[] {outputPaddingH, outputPaddingW}, convolution.parameters(true, init, random));
  }

  /**
   * Spreads the images out.
   *
   * @param x images {@code [N, in, H, W]}; an empty batch gives an empty result
   * @return {@code [N, out, outH, outW]}
   * @throws IllegalArgumentException if {@code x} is not of rank 4, has the wrong channels, or the output
   *     would be empty
   */
  @Override
  public Tensor forward(Tensor x) {
    return convolution.transposed(x, weight().tensor(), biasOrNull(), outputPadding);
  }

  /** Returns e.g. {@code ConvTranspose2d(16 → 8, kernel 4, stride 2, padding 1)}. */
  @Override
  public String toString() {
    String extra = outputPadding[0] + outputPadding[1] == 0 ? "" : ", output padding " + outputPadding[0] + "x" + outputPadding[1];
    return "ConvTranspose2d(" + options() + extra + ")";
  }
}
