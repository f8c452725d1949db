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
 * Root-mean-square normalization over the last axis (Zhang &amp; Sennrich 2019): each example is divided by
 * its root mean square, then scaled, {@code y = x / √(mean(x²) + ε) · γ}. No centering and no bias; the
 * same in training and evaluation.
 *
 * <p>PyTorch's {@code torch.nn.RMSNorm(features)}: one parameter {@code weight} of shape {@code [features]},
 * initialised to ones, and by default ε is the machine epsilon of the dtype ({@code torch.finfo(dtype).eps}).
 */
public final class RmsNorm implements Module {
  private final int features;
  private final double eps;
  private final Parameter weight;

  private RmsNorm(int features, double eps, DType dtype) {
    this.features = features;
    this.eps = eps;
    this.weight = new Parameter(NdArray.full(Shape.of(features), dtype, 1));
  }

  /**
   * RMS normalization over a last axis of {@code features}, with ε the machine epsilon of {@code dtype}
   * (2.220446049250313e-16 for float64, 1.1920928955078125e-7 for float32), as PyTorch's {@code eps=None}.
   *
   * @param features the extent of the normalized last axis, positive
   * @param dtype float32 or float64
   * @return the layer
   */
  public static RmsNorm create(int features, DType dtype) {
    return create(features, machineEpsilon(dtype), dtype);
  }

  /**
   * RMS normalization over a last axis of {@code features}, with the given ε added to the mean square.
   *
   * @param features the extent of the normalized last axis, positive
   * @param eps added to the mean square before the square root, positive
   * @param dtype float32 or float64
   * @return the layer
   */
  public static RmsNorm create(int features, double eps, DType dtype) {
    checkArgument(features > 0, "rmsNorm: features must be positive; got %s", features);
    checkArgument(eps > 0, "rmsNorm: eps must be positive; got %s", eps);
    return new RmsNorm(features, eps, dtype);
  }

  /** The distance from 1 to the next larger number of the dtype: PyTorch's {@code finfo(dtype).eps}. */
  private static double machineEpsilon(DType dtype) {
    return dtype == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
  }

  @Override
  public Tensor forward(Tensor x) {
    checkArgument(
        x.rank() >= 1 && x.shape().dim(-1) == features,
        "rmsNorm: expected last dimension %s; got %s", features, x.shape());
    Tensor meanSquare = x.square().mean(Axes.of(-1).keepingDims());
    return x.div(meanSquare.add(eps).sqrt()).mul(weight.tensor());
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return WeightAndBias.of(weight, null);
  }

  @Override
  public String toString() {
    return "RmsNorm(" + features + ", eps=" + eps + ")";
  }
}
