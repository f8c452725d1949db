package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;

/**
 * Layer normalization over the last axis (Ba, Kiros &amp; Hinton 2016): each example is normalized with its
 * own mean and variance, then scaled and shifted, {@code y = γ·(x - μ)/√(σ² + ε) + β}. The same in
 * training and evaluation.
 */
public final class LayerNorm implements Module {
  private final int features;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  private LayerNorm(int features, double eps, DType dtype) {
    this.features = features;
    this.eps = eps;
    this.weight = new Parameter(NdArray.full(Shape.of(features), dtype, 1));
    this.bias = new Parameter(NdArray.zeros(Shape.of(features), dtype));
  }

  /**
   * Layer normalization over a last axis of {@code features}, with ε = 1e-5.
   *
   * @param features the extent of the normalized last axis, positive
   * @param dtype float32 or float64
   * @return the layer
   */
  public static LayerNorm create(int features, DType dtype) {
    return create(features, 1e-5, dtype);
  }

  /**
   * Layer normalization over a last axis of {@code features}, with ε = {@code eps} (PyTorch's {@code eps}).
   *
   * @param features the extent of the normalized last axis, positive
   * @param eps added to the variance before the square root, positive
   * @param dtype float32 or float64
   * @return the layer
   */
  public static LayerNorm create(int features, double eps, DType dtype) {
    checkArgument(features > 0, "layerNorm: features must be positive; got %s", features);
    checkArgument(eps > 0, "layerNorm: eps must be positive; got %s", eps);
    return new LayerNorm(features, eps, dtype);
  }

  @Override
  public Tensor forward(Tensor x) {
    checkArgument(
        x.rank() >= 1 && x.shape().dim(-1) == features,
        "layerNorm: expected last dimension %s; got %s", features, x.shape());
    return x.standardize(Axes.of(-1), eps).mul(weight.tensor()).add(bias.tensor());
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return WeightAndBias.of(weight, bias);
  }

  @Override
  public String toString() {
    return "LayerNorm(" + features + ")";
  }
}
