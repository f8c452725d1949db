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
 * Group normalization of {@code [N, C, *]} inputs (Wu &amp; He 2018), as PyTorch's {@code torch.nn.GroupNorm}:
 * the {@code C} channels are split into groups of consecutive channels, and each example's group is
 * normalized with its own mean and biased variance (over the group's channels and all positions), then
 * scaled and shifted per channel. The same in training and evaluation; no running statistics.
 */
public final class GroupNorm implements Module {
  private final int groups;
  private final int channels;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  private GroupNorm(int groups, int channels, double eps, boolean affine, DType dtype) {
    this.groups = groups;
    this.channels = channels;
    this.eps = eps;
    this.weight = affine ? new Parameter(NdArray.full(Shape.of(channels), dtype, 1)) : null;
    this.bias = affine ? new Parameter(NdArray.zeros(Shape.of(channels), dtype)) : null;
  }

  /**
   * PyTorch's defaults: ε = 1e-5, with the affine weight and bias.
   *
   * @param groups the number of groups, positive, dividing {@code channels}
   * @param channels the number of channels {@code C}, positive
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if a count is not positive or {@code groups} does not divide {@code channels}
   */
  public static GroupNorm create(int groups, int channels, DType dtype) {
    return create(groups, channels, 1e-5, true, dtype);
  }

  /**
   * Group normalization with the given ε, with or without the per-channel affine transform.
   *
   * @param groups the number of groups, positive, dividing {@code channels}
   * @param channels the number of channels {@code C}, positive
   * @param eps added to the variance before the square root, positive
   * @param affine whether to learn a per-channel {@code weight} and {@code bias}
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if a count or ε is not positive, or {@code groups} does not divide
   *     {@code channels}
   */
  public static GroupNorm create(int groups, int channels, double eps, boolean affine, DType dtype) {
    checkArgument(groups > 0 && channels > 0,
        "groupNorm: groups and channels must be positive; got %s groups, %s channels", groups, channels);
    checkArgument(channels % groups == 0,
        "groupNorm: channels must be divisible by groups; got %s channels, %s groups", channels, groups);
    checkArgument(eps > 0, "groupNorm: eps must be positive; got %s", eps);
    return new GroupNorm(groups, channels, eps, affine, dtype);
  }

  /**
   * Normalizes each example's groups of channels.
   *
   * @param x the input, {@code [N, C, *]}
   * @return the normalized input, of its shape
   * @throws IllegalArgumentException if {@code x} is not {@code [N, C, *]}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkArgument(x.rank() >= 2 && x.shape().dim(1) == channels,
        "groupNorm: expected input [N, %s, *]; got %s", channels, x.shape());
    int perGroup = channels / groups * Normalization.count(x.shape(), spatialAxes(x.rank()));
    Tensor grouped = x.reshape(Shape.of(x.shape().dim(0), groups, perGroup));
    Tensor normalized = grouped.standardize(Axes.of(2), eps).reshape(x.shape());
    return Normalization.scaleAndShift(normalized, weight, bias);
  }

  private static int[] spatialAxes(int rank) {
    int[] axes = new int[rank - 2];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 2;
    }
    return axes;
  }

  /** {@code weight} and {@code bias}, or none without the affine transform; immutable. */
  @Override
  public Map<String, Parameter> localParameters() {
    return weight == null ? Map.of() : WeightAndBias.of(weight, bias);
  }

  @Override
  public String toString() {
    return "GroupNorm(" + groups + ", " + channels + ")";
  }
}
