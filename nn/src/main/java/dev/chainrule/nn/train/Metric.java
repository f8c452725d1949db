package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * A number describing predictions against targets, reported per epoch (not differentiated).
 *
 * <p>Metrics are averages over examples, so the trainer can combine batches weighted by their size.
 */
public interface Metric {
  /**
   * The name used in histories and progress lines.
   *
   * @return the metric's name, e.g. {@code "accuracy"}
   */
  String name();

  /**
   * The metric of a batch of predictions against targets.
   *
   * @param predictions the model's outputs for the batch
   * @param targets the batch's targets
   * @return the metric averaged over the batch's examples
   */
  double compute(Tensor predictions, Tensor targets);

  /**
   * The fraction of examples whose largest score is the target class; predictions {@code [N, C]},
   * targets class indices {@code [N]} or one-hot {@code [N, C]}.
   *
   * @return the metric, named {@code "accuracy"}
   */
  static Metric accuracy() {
    return new Metric() {
      @Override
      public String name() {
        return "accuracy";
      }

      @Override
      public double compute(Tensor predictions, Tensor targets) {
        NdArray p = predictions.value();
        checkArgument(
            p.rank() == 2 && p.shape().dim(1) >= 2,
            "accuracy: predictions must be class scores [N, C] with C >= 2; got %s (use binaryAccuracy for one"
                + " output)", p.shape());
        NdArray classes = targets.shape().equals(p.shape()) ? Argmax.rows(targets.value()) : targets.value();
        checkArgument(
            classes.size() == p.shape().dim(0),
            "accuracy: targets must be class indices [%s] or one-hot %s; got %s", p.shape().dim(0), p.shape(), targets.shape());
        NdArray predicted = Argmax.rows(p);
        int correct = 0;
        for (int i = 0; i < classes.size(); i++) {
          correct += predicted.getFlat(i) == classes.getFlat(i) ? 1 : 0;
        }
        return classes.size() == 0 ? 0 : (double) correct / classes.size();
      }
    };
  }

  /**
   * The fraction of outputs on the same side of {@code threshold} as their 0/1 target.
   *
   * @param threshold outputs above it count as predicting 1
   * @return the metric, named {@code "accuracy"}
   */
  static Metric binaryAccuracy(double threshold) {
    return new Metric() {
      @Override
      public String name() {
        return "accuracy";
      }

      @Override
      public double compute(Tensor predictions, Tensor targets) {
        checkArgument(
            predictions.shape().equals(targets.shape()),
            "binaryAccuracy: shapes differ; got %s and %s", predictions.shape(), targets.shape());
        int correct = 0;
        for (int i = 0; i < predictions.size(); i++) {
          boolean positive = predictions.value().getFlat(i) > threshold;
          correct += positive == (targets.value().getFlat(i) > 0.5) ? 1 : 0;
        }
        return predictions.size() == 0 ? 0 : (double) correct / predictions.size();
      }
    };
  }

  /**
   * Mean absolute error over all elements.
   *
   * @return the metric, named {@code "mae"}
   */
  static Metric meanAbsoluteError() {
    return new Metric() {
      @Override
      public String name() {
        return "mae";
      }

      @Override
      public double compute(Tensor predictions, Tensor targets) {
        checkArgument(
            predictions.shape().equals(targets.shape()),
            "mae: shapes differ; got %s and %s", predictions.shape(), targets.shape());
        return predictions.sub(targets).abs().mean().item();
      }
    };
  }
}
