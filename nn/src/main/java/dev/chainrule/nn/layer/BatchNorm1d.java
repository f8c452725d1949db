package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Buffer;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;

/**
 * Batch normalization over the batch axis of {@code [N, features]} inputs (Ioffe &amp; Szegedy 2015):
 * {@code y = γ·(x - μ)/√(σ² + ε) + β}.
 *
 * <p>In training mode μ and σ² are the batch's own mean and biased variance, and the running estimates
 * are updated: {@code running = (1 - momentum)·running + momentum·batch}, with the unbiased variance, as
 * PyTorch does. In evaluation mode the running estimates are used. Parameter and buffer names
 * ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}, {@code num_batches_tracked})
 * match PyTorch's, so state dicts load both ways (the batch count is stored as a float here, an integer
 * there; both convert exactly).
 */
public final class BatchNorm1d implements Module {
  private final int features;
  private final double eps;
  private final double momentum;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer runningMean;
  private final Buffer runningVar;
  private final Buffer batchesTracked;

  private BatchNorm1d(int features, double eps, double momentum, DType dtype) {
    this.features = features;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = new Parameter(NdArray.full(Shape.of(features), dtype, 1));
    this.bias = new Parameter(NdArray.zeros(Shape.of(features), dtype));
    this.runningMean = new Buffer(NdArray.zeros(Shape.of(features), dtype));
    this.runningVar = new Buffer(NdArray.full(Shape.of(features), dtype, 1));
    this.batchesTracked = new Buffer(NdArray.scalar(0, dtype));
  }

  /**
   * PyTorch's defaults: ε = 1e-5, momentum 0.1.
   *
   * @param features the number of features {@code C}, positive
   * @param dtype float32 or float64
   * @return the layer
   */
  public static BatchNorm1d create(int features, DType dtype) {
    return create(features, 1e-5, 0.1, dtype);
  }

  /**
   * Batch normalization with the given ε and running-average momentum.
   *
   * @param features the number of features {@code C}, positive
   * @param eps added to the variance before the square root, positive
   * @param momentum the weight of each new batch in the running averages, in {@code [0, 1]}
   * @param dtype float32 or float64
   * @return the layer
   */
  public static BatchNorm1d create(int features, double eps, double momentum, DType dtype) {
    checkArgument(features > 0, "batchNorm1d: features must be positive; got %s", features);
    checkArgument(eps > 0 && momentum >= 0 && momentum <= 1,
        "batchNorm1d: need eps > 0 and momentum in [0, 1]; got eps %s, momentum %s", eps, momentum);
    return new BatchNorm1d(features, eps, momentum, dtype);
  }

  @Override
  public Tensor forward(Tensor x) {
    checkArgument(
        x.rank() == 2 && x.shape().dim(1) == features,
        "batchNorm1d: expected input [N, %s]; got %s", features, x.shape());
    Tensor normalized;
    if (Mode.isTraining()) {
      checkArgument(x.shape().dim(0) > 1, "batchNorm1d: training needs more than one example per batch; got %s", x.shape());
      normalized = Normalization.normalizeOver(x, Axes.of(0), eps);
      updateRunningStatistics(x);
    } else {
      normalized = Normalization.normalize(x, runningMean.tensor(), runningVar.tensor(), eps);
    }
    return normalized.mul(weight.tensor()).add(bias.tensor());
  }

  private void updateRunningStatistics(Tensor x) {
    try (GradScope off = Autodiff.noGrad()) {
      Tensor batchMean = x.mean(0);
      Tensor batchVar = x.var(Axes.of(0), 1);
      runningMean.update(blend(runningMean.tensor(), batchMean));
      runningVar.update(blend(runningVar.tensor(), batchVar));
      batchesTracked.update(batchesTracked.tensor().add(1).value());
    }
  }

  private NdArray blend(Tensor running, Tensor batch) {
    return running.mul(1 - momentum).add(batch.mul(momentum)).value();
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return WeightAndBias.of(weight, bias);
  }

  /** {@code running_mean}, {@code running_var} and {@code num_batches_tracked}, in that order; immutable. */
  @Override
  public Map<String, Buffer> localBuffers() {
    return ImmutableMap.of("running_mean", runningMean, "running_var", runningVar, "num_batches_tracked", batchesTracked);
  }

  @Override
  public String toString() {
    return "BatchNorm1d(" + features + ")";
  }
}
