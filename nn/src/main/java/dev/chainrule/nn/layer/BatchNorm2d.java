package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Buffer;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Batch normalization of {@code [N, C, H, W]} inputs (Ioffe &amp; Szegedy 2015), per channel {@code C} over
 * the batch and both spatial axes: {@code y = γ·(x - μ)/√(σ² + ε) + β}, as PyTorch's
 * {@code torch.nn.BatchNorm2d}. The same implementation as {@link BatchNorm1d}, over other axes.
 *
 * <p>In training mode μ and σ² are the batch's own mean and biased variance, and the running estimates
 * are updated: {@code running = (1 - momentum)·running + momentum·batch}, with the unbiased variance, as
 * PyTorch does; without a momentum (PyTorch's {@code momentum=None}) they are the cumulative average of
 * all batches so far. In evaluation mode the running estimates are used. Parameter and buffer names
 * ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}, {@code num_batches_tracked})
 * match PyTorch's, so state dicts load both ways (the batch count is stored as a float here, an integer
 * there; both convert exactly).
 */
public final class BatchNorm2d implements Module {
  private final BatchNorm norm;

  private BatchNorm2d(BatchNorm norm) {
    this.norm = norm;
  }

  /**
   * PyTorch's defaults: ε = 1e-5, momentum 0.1, with the affine weight and bias.
   *
   * @param features the number of channels {@code C}, positive
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if {@code features} is not positive
   */
  public static BatchNorm2d create(int features, DType dtype) {
    return create(features, 1e-5, 0.1, dtype);
  }

  /**
   * Batch normalization with the given ε and running-average momentum, with the affine weight and bias.
   *
   * @param features the number of channels {@code C}, positive
   * @param eps added to the variance before the square root, positive
   * @param momentum the weight of each new batch in the running averages, in {@code [0, 1]}
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if a setting is out of range
   */
  public static BatchNorm2d create(int features, double eps, double momentum, DType dtype) {
    return create(features, eps, OptionalDouble.of(momentum), true, dtype);
  }

  /**
   * Batch normalization with every PyTorch setting except {@code track_running_stats}, which is always on.
   *
   * @param features the number of channels {@code C}, positive
   * @param eps added to the variance before the square root, positive
   * @param momentum the weight of each new batch in the running averages, in {@code [0, 1]}; empty for
   *     a cumulative average of all batches (PyTorch's {@code momentum=None})
   * @param affine whether to learn a per-channel {@code weight} and {@code bias}
   * @param dtype float32 or float64
   * @return the layer
   * @throws IllegalArgumentException if a setting is out of range or {@code momentum} is null
   */
  public static BatchNorm2d create(int features, double eps, OptionalDouble momentum, boolean affine, DType dtype) {
    return new BatchNorm2d(BatchNorm.create("batchNorm2d", features, eps, momentum, affine, dtype));
  }

  /**
   * Normalizes {@code x} per channel over axes 0, 2 and 3.
   *
   * @param x the input, {@code [N, C, H, W]}
   * @return the normalized input, of its shape
   * @throws IllegalArgumentException if {@code x} has another shape, or in training mode when there is only
   *     one value per channel
   */
  @Override
  public Tensor forward(Tensor x) {
    checkArgument(
        x.rank() == 4 && x.shape().dim(1) == norm.features(),
        "batchNorm2d: expected input [N, %s, H, W]; got %s", norm.features(), x.shape());
    return norm.forward(x, 0, 2, 3);
  }

  /** {@code weight} and {@code bias}, or none without the affine transform; immutable. */
  @Override
  public Map<String, Parameter> localParameters() {
    return norm.parameters();
  }

  /** {@code running_mean}, {@code running_var} and {@code num_batches_tracked}, in that order; immutable. */
  @Override
  public Map<String, Buffer> localBuffers() {
    return norm.buffers();
  }

  @Override
  public String toString() {
    return "BatchNorm2d(" + norm.features() + ")";
  }
}
