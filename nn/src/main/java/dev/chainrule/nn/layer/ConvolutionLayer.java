package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkState;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;

/**
 * What the convolution layers ({@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}) have in common:
 * their options, a {@code weight} and an optional {@code bias}, named as in PyTorch.
 */
public abstract sealed class ConvolutionLayer implements Module permits Conv1d, Conv2d, ConvTranspose2d {
  final Convolution convolution;
  private final Parameter weight;
  private final Parameter bias;

  ConvolutionLayer(Convolution convolution, Parameter[] parameters) {
    this.convolution = convolution;
    this.weight = parameters[0];
    this.bias = parameters[1];
  }

  /**
   * The options the layer was made with.
   *
   * @return the options
   */
  public ConvOptions options() {
    return convolution.options();
  }

  /**
   * The weight: {@code [out, in / groups, k…]}, or {@code [in, out / groups, kH, kW]} for a transposed layer.
   *
   * @return the weight
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * Whether the layer adds a bias.
   *
   * @return true if it has a bias
   */
  public boolean hasBias() {
    return bias != null;
  }

  /**
   * The bias, shape {@code [out]}.
   *
   * @return the bias
   * @throws IllegalStateException if the layer has no bias
   */
  public Parameter bias() {
    checkState(bias != null, "%s: the layer has no bias; got %s", convolution.layer(), this);
    return bias;
  }

  /** The bias as a tensor, or null when there is none: what {@link Convolution} takes. */
  Tensor biasOrNull() {
    return bias == null ? null : bias.tensor();
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return WeightAndBias.of(weight, bias);
  }
}
