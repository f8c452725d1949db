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
 * Batch normalization of {@code [N, C]} or {@code [N, C, L]} inputs (Ioffe &amp; Szegedy 2015), per channel
 * {@code C} over the batch (and length) axes: {@code y = γ·(x - μ)/√(σ² + ε) + β}, as PyTorch's
 * {@code torch.nn.BatchNorm1d}.
 *
 * <p>In training mode μ and σ² are the batch's own mean and biased variance, and the running estimates
 * are updated: {@code running = (1 - momentum)·running + momentum·batch}, with the unbiased variance, as
 * PyTorch does; without a momentum (PyTorch's {@code momentum=None}) they are the cumulative average of
 * all batches so far. In evaluation mode the running estimates are used. Parameter and buffer names
 * ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}, {@code num_batches_tracked})
 * match PyTorch's, so state dicts load both ways (the batch count is stored as a float here, an integer
 * there; both convert exactly).
 */
public final class BatchNorm1d implements Module {
  private final BatchNorm norm;

  private BatchNorm1d(BatchNorm norm) {
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
  public static BatchNorm1d create(int features, DType dtype) {
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
  public static BatchNorm1d create(int features, double eps, double momentum, DType dtype) {
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
  public static BatchNorm1d create(int features, double eps, OptionalDouble momentum, boolean affine, DType dtype) {
    return new BatchNorm1d(BatchNorm.create("batchNorm1d", features, eps, momentum, affine, dtype));
  }

  /**
   * Normalizes {@code x} per channel over axis 0 (and axis 2 of a rank-3 input).
   *
   * @param x the input, {@code [N, C]} or {@code [N, C, L]}
   * @return the normalized input, of its shape
   * @throws IllegalArgumentException if {@code x} has another shape, or in training mode when there is only
   *     one value per channel
   */
  @Override
  public Tensor forward(Tensor x) {
    checkArgument(
        (x.rank() == 2 || x.rank() == 3) && x.shape().dim(1) == norm.features(),
        "batchNorm1d: expected input [N, %s] or [N, %s, L]; got %s", norm.features(), norm.features(), x.shape());
    return x.rank() == 2 ? norm.forward(x, 0) : norm.forward(x, 0, 2);
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
    return "BatchNorm1d(" + norm.features() + ")";
  }
}
