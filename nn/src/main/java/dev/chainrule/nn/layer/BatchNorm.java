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
import dev.chainrule.autodiff.op.Standardize;
import dev.chainrule.nn.Buffer;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Parameter;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The one batch normalization behind {@link BatchNorm1d} and {@link BatchNorm2d}: per-channel (axis 1)
 * statistics over the axes the caller names, PyTorch's running averages, and its parameters and buffers.
 *
 * <p>The running averages are updated as PyTorch's kernel does, {@code running = (1 - f)·running + f·batch},
 * where {@code f} is the momentum, or {@code 1/num_batches_tracked} (a cumulative average) when there is none.
 */
final class BatchNorm {
  private final String name;
  private final double eps;
  private final OptionalDouble momentum;
  private final Parameter weight;
  private final Parameter bias;
  private final Buffer runningMean;
  private final Buffer runningVar;
  private final Buffer batchesTracked;

  private BatchNorm(String name, int features, double eps, OptionalDouble momentum, boolean affine, DType dtype) {
    this.name = name;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? new Parameter(NdArray.full(Shape.of(features), dtype, 1)) : null;
    this.bias = affine ? new Parameter(NdArray.zeros(Shape.of(features), dtype)) : null;
    this.runningMean = new Buffer(NdArray.zeros(Shape.of(features), dtype));
    this.runningVar = new Buffer(NdArray.full(Shape.of(features), dtype, 1));
    this.batchesTracked = new Buffer(NdArray.scalar(0, dtype));
  }

  /** Checks the settings, naming the layer ({@code batchNorm1d}) in the errors. */
  static BatchNorm create(String name, int features, double eps, OptionalDouble momentum, boolean affine, DType dtype) {
    checkArgument(features > 0, "%s: features must be positive; got %s", name, features);
    checkArgument(momentum != null, "%s: momentum must not be null; use OptionalDouble.empty() for a cumulative average", name);
    double m = momentum.orElse(0);
    checkArgument(eps > 0 && m >= 0 && m <= 1,
        "%s: need eps > 0 and momentum in [0, 1]; got eps %s, momentum %s", name, eps, m);
    return new BatchNorm(name, features, eps, momentum, affine, dtype);
  }

  /** Normalizes {@code x}, whose axis 1 holds the channels, over the {@code reduced} axes. */
  Tensor forward(Tensor x, int... reduced) {
    Tensor normalized;
    if (Mode.isTraining()) {
      checkArgument(Normalization.count(x.shape(), reduced) > 1,
          "%s: expected more than 1 value per channel when training; got input %s", name, x.shape());
      normalized = x.standardize(Axes.of(reduced), eps);
      updateRunningStatistics(x, Axes.of(reduced));
    } else {
      Tensor mean = Normalization.perChannel(runningMean.tensor(), x.rank());
      normalized = Normalization.normalize(x, mean, Normalization.perChannel(runningVar.tensor(), x.rank()), eps);
    }
    return Normalization.scaleAndShift(normalized, weight, bias);
  }

  /**
   * Blends the batch's statistics over {@code reduced} (axis 1, the channels, lies between them) into the
   * running ones, the variance made unbiased ({@code n/(n − 1)}) as PyTorch's kernel does; one two-pass
   * kernel call, nothing recorded.
   */
  private void updateRunningStatistics(Tensor x, Axes reduced) {
    double[][] moments = Standardize.moments(x.value(), reduced);
    double n = (double) x.shape().size() / moments[0].length;
    double[] unbiased = moments[1].clone();
    for (int c = 0; c < unbiased.length; c++) {
      unbiased[c] *= n / (n - 1);
    }
    try (GradScope off = Autodiff.noGrad()) {
      Tensor batches = batchesTracked.tensor().add(1);
      double factor = momentum.orElse(1 / batches.item());
      runningMean.update(blend(runningMean.tensor(), moments[0], factor));
      runningVar.update(blend(runningVar.tensor(), unbiased, factor));
      batchesTracked.update(batches.value());
    }
  }

  private static NdArray blend(Tensor running, double[] batch, double factor) {
    Tensor values = Tensor.of(NdArray.of(running.shape(), batch).to(running.dtype()));
    return running.mul(1 - factor).add(values.mul(factor)).value();
  }

  /** {@code weight} and {@code bias}, or none without the affine transform; immutable. */
  Map<String, Parameter> parameters() {
    return weight == null ? ImmutableMap.of() : WeightAndBias.of(weight, bias);
  }

  /** {@code running_mean}, {@code running_var} and {@code num_batches_tracked}, in that order; immutable. */
  Map<String, Buffer> buffers() {
    return ImmutableMap.of("running_mean", runningMean, "running_var", runningVar, "num_batches_tracked", batchesTracked);
  }

  /** The number of channels {@code C}. */
  int features() {
    return runningMean.value().shape().dim(0);
  }
}
