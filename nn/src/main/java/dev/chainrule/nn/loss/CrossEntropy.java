package dev.chainrule.nn.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * Cross-entropy of class scores (logits, before softmax) against targets, computed stably through
 * log-softmax: {@code -Σ_c y_c · log softmax(z)_c} per example, averaged or summed over the batch.
 *
 * <p>Logits have shape {@code [N, C]}. Targets are either class indices, shape {@code [N]}, whole numbers
 * in {@code [0, C)}, or class probabilities, shape {@code [N, C]}. Inside {@code Autodiff.vmap} the class
 * indices may vary over the batch (per-example losses and gradients).
 *
 * <p>With label smoothing {@code ε} ({@link #withLabelSmoothing}), each target distribution is mixed with
 * the uniform one, {@code (1 − ε)·y + ε/C}, as {@code torch.nn.CrossEntropyLoss(label_smoothing=ε)} does:
 * the loss becomes {@code (1 − ε)·CE(z, y) − ε·mean_c log softmax(z)_c} per example.
 *
 * @param reduction mean or sum over examples
 * @param labelSmoothing the weight {@code ε} of the uniform distribution in the targets, in {@code [0, 1]}
 */
public record CrossEntropy(Reduction reduction, double labelSmoothing) implements Loss {
  /**
   * Checks the reduction is present and the smoothing in {@code [0, 1]}.
   *
   * @param reduction mean or sum over examples
   * @param labelSmoothing the weight {@code ε} of the uniform distribution in the targets, in {@code [0, 1]}
   */
  public CrossEntropy {
    checkArgument(reduction != null, "crossEntropy: reduction is null");
    checkArgument(labelSmoothing >= 0 && labelSmoothing <= 1,
        "crossEntropy: label smoothing must be in [0, 1]; got %s", labelSmoothing);
  }

  /**
   * Without label smoothing.
   *
   * @param reduction mean or sum over examples
   */
  public CrossEntropy(Reduction reduction) {
    this(reduction, 0);
  }

  /**
   * The mean over examples, as {@code torch.nn.CrossEntropyLoss()}.
   *
   * @return the loss
   */
  public static CrossEntropy mean() {
    return new CrossEntropy(Reduction.MEAN);
  }

  /**
   * The sum of the examples' losses, as {@code torch.nn.CrossEntropyLoss(reduction="sum")}: {@link #mean()} times the count, so that
   * slices of a batch can be added up (data parallelism, gradient accumulation) and scaled once.
   *
   * @return the loss
   */
  public static CrossEntropy sum() {
    return new CrossEntropy(Reduction.SUM);
  }

  /**
   * This loss with label smoothing {@code ε}, as {@code torch.nn.CrossEntropyLoss(label_smoothing=ε)}.
   *
   * @param epsilon the weight of the uniform distribution in the targets, in {@code [0, 1]}
   * @return a new loss; this one is unchanged
   */
  public CrossEntropy withLabelSmoothing(double epsilon) {
    return new CrossEntropy(reduction, epsilon);
  }

  @Override
  public Tensor apply(Tensor logits, Tensor target) {
    Loss.checkPresent("crossEntropy", "logits", logits, target);
    checkArgument(logits.rank() == 2, "crossEntropy: logits must be [N, C]; got %s", logits.shape());
    // probabilities enter the arithmetic and must match the logits' dtype; class indices are only read
    checkArgument(
        target.dtype() == logits.dtype() || !target.shape().equals(logits.shape()),
        "crossEntropy: logits and target probabilities dtypes differ; got %s and %s (convert one with to(DType))",
        logits.dtype(), target.dtype());
    Tensor logProbabilities = logits.logSoftmax(1);
    Tensor perExample;
    if (target.shape().equals(logits.shape())) {
      perExample = logProbabilities.mul(target).sum(1).neg();
    } else if (target.isBatched()) {
      perExample = logProbabilities.mul(oneHot(target, logits)).sum(1).neg();
    } else {
      perExample = logProbabilities.gather(1, classColumn(target, logits)).reshape(logits.shape().dim(0)).neg();
    }
    if (labelSmoothing > 0) {
      Tensor uniform = logProbabilities.mean(1).neg();
      perExample = perExample.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing));
    }
    return reduction.reduce(perExample);
  }

  /** Class-index targets as a validated {@code [N, 1]} column of indices. */
  private static NdArray classColumn(Tensor target, Tensor logits) {
    checkClasses(target, logits);
    return target.reshape(logits.shape().dim(0), 1).value();
  }

  /**
   * Class-index targets inside {@code Autodiff.vmap}, whose values differ per batch member and cannot be
   * read: a one-hot {@code [N, C]} mask made by comparison. Their values cannot be checked either; a target
   * that is not a class index selects no class and contributes 0.
   */
  private static Tensor oneHot(Tensor target, Tensor logits) {
    int n = logits.shape().dim(0);
    int classes = logits.shape().dim(1);
    checkArgument(
        target.shape().equals(Shape.of(n)),
        "crossEntropy: targets must be class indices [%s] or probabilities %s; got %s", n, logits.shape(), target.shape());
    double[] ids = new double[classes];
    for (int c = 0; c < classes; c++) {
      ids[c] = c;
    }
    Tensor columns = Tensor.of(NdArray.of(Shape.of(1, classes), ids).to(target.dtype()));
    return target.reshape(n, 1).eq(columns).to(logits.dtype());
  }

  /** Throws unless {@code target} holds one whole-number class index in {@code [0, C)} per example. */
  private static void checkClasses(Tensor target, Tensor logits) {
    int n = logits.shape().dim(0);
    int classes = logits.shape().dim(1);
    checkArgument(
        target.shape().equals(Shape.of(n)),
        "crossEntropy: targets must be class indices [%s] or probabilities %s; got %s", n, logits.shape(), target.shape());
    for (int i = 0; i < n; i++) {
      double c = target.value().getFlat(i);
      checkArgument(
          c == Math.rint(c) && c >= 0 && c < classes,
          "crossEntropy: target %s of example %s is not a class index in [0, %s)", c, i, classes);
    }
  }
}
