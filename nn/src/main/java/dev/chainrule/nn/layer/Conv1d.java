package dev.chainrule.nn.layer;


import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Parameter;
import java.util.Random;

/**
 * A 1-D convolution of signals {@code [N, C, L]} (sequences of feature vectors, audio, text embeddings), as
 * PyTorch's {@code torch.nn.Conv1d}: {@code y[n, o, t] = b[o] + Σ_{c,i} W[o, c, i] · x[n, g·C/G + c, t·stride − padding + i·dilation]}
 * for output channel {@code o} of group {@code g}, giving {@code [N, out, outL]} with
 * {@code outL = (L + 2·padding − dilation·(k − 1) − 1) / stride + 1}. {@link ConvOptions} (one value per
 * option) sets stride, padding (sizes, {@code "same"}, {@code "valid"}), dilation, groups and the bias.
 *
 * <p>The weight has shape {@code [out, in / groups, k]} and the bias {@code [out]}, PyTorch's layout and
 * names. It runs as {@link Conv2d}'s im2col on signals seen as images one row high.
 */
public final class Conv1d extends ConvolutionLayer {
  private Conv1d(Convolution convolution, Parameter[] parameters) {
    super(convolution, parameters);
  }

  /**
   * A layer with He-uniform weights (for ReLU) and zero bias.
   *
   * @param options channels, kernel, stride, padding, dilation, groups, bias and dtype
   * @param random the source of the initial weights
   * @return the layer
   * @throws IllegalArgumentException if an option has more than one value or "same" padding has a stride
   */
  public static Conv1d create(ConvOptions options, Random random) {
    return create(options, Init.heUniform(), random);
  }

  /**
   * A layer with weights drawn by {@code init} (fan-in {@code in / groups · k}, fan-out
   * {@code out · k}, as PyTorch counts them) and zero bias.
   *
   * @param options channels, kernel, stride, padding, dilation, groups, bias and dtype
   * @param init draws the initial weights
   * @param random the source of the initial weights
   * @return the layer
   * @throws IllegalArgumentException if an option has more than one value or "same" padding has a stride
   */
  public static Conv1d create(ConvOptions options, Init init, Random random) {
    Convolution convolution = new Convolution("conv1d", 1, options);
    return new Conv1d(convolution, convolution.parameters(false, init, random));
  }

  /**
   * Convolves the signals.
   *
   * @param x signals {@code [N, in, L]}; an empty batch gives an empty result
   * @return {@code [N, out, outL]}
   * @throws IllegalArgumentException if {@code x} is not of rank 3, has the wrong channels, or the kernel
   *     does not fit the padded signal
   */
  @Override
  public Tensor forward(Tensor x) {
    return convolution.forward(x, weight().tensor(), biasOrNull());
  }

  /** Returns e.g. {@code Conv1d(16 → 32, kernel 5, padding same)}. */
  @Override
  public String toString() {
    return "Conv1d(" + options() + ")";
  }
}
