package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;

/**
 * Instance normalization of {@code [N, C, H, W]} inputs (Ulyanov, Vedaldi &amp; Lempitsky 2016), as PyTorch's
 * {@code torch.nn.InstanceNorm2d} with {@code track_running_stats=False}: each example's channel is
 * normalized with its own mean and biased variance over {@code H} and {@code W}, then optionally scaled and
 * shifted per channel. The same in training and evaluation; no running statistics.
 */
public final class InstanceNorm2d implements Module {
  private final int features;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  private InstanceNorm2d(int features, double eps, boolean affine, DType dtype) {
    this.features = features;
    this.eps = eps;
    this.weight = affine ? new Parameter(NdArray.full(Shape.of(features), dtype, 1)) : null;
    this.bias = affine ? new Parameter(NdArray.zeros(Shape.of(features), dtype)) : null;
  }

  /**
   * PyTorch's defaults: ε = 1e-5, no affine transform (so no parameters), no running statistics.
   *
   * @param features the number of channels {@code C}, positive
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if {@code features} is not positive
   */
  public static InstanceNorm2d create(int features, DType dtype) {
    return create(features, 1e-5, false, dtype);
  }

  /**
   * Instance normalization with the given ε, with or without the per-channel affine transform.
   *
   * @param features the number of channels {@code C}, positive
   * @param eps added to the variance before the square root, positive
   * @param affine whether to learn a per-channel {@code weight} and {@code bias}
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if {@code features} or ε is not positive
   */
  public static InstanceNorm2d create(int features, double eps, boolean affine, DType dtype) {
    checkArgument(features > 0, "instanceNorm2d: features must be positive; got %s", features);
    checkArgument(eps > 0, "instanceNorm2d: eps must be positive; got %s", eps);
    return new InstanceNorm2d(features, eps, affine, dtype);
  }

  /**
   * Normalizes each example's channels over their positions.
   *
   * @param x the input, {@code [N, C, H, W]}
   * @return the normalized input, of its shape
   * @throws IllegalArgumentException if {@code x} has another shape, or in training mode when
   *     {@code H·W = 1}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkArgument(x.rank() == 4 && x.shape().dim(1) == features,
        "instanceNorm2d: expected input [N, %s, H, W]; got %s", features, x.shape());
    checkArgument(!Mode.isTraining() || Normalization.count(x.shape(), 2, 3) > 1,
        "instanceNorm2d: expected more than 1 spatial element when training; got input %s", x.shape());
    return Normalization.scaleAndShift(x.standardize(Axes.of(2, 3), eps), weight, bias);
  }

  /** {@code weight} and {@code bias}, or none without the affine transform; immutable. */
  @Override
  public Map<String, Parameter> localParameters() {
    return weight == null ? Map.of() : WeightAndBias.of(weight, bias);
  }

  @Override
  public String toString() {
    return "InstanceNorm2d(" + features + ")";
  }
}
