package dev.chainrule.nn.loss;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Tensor;

/**
 * A loss: a scalar measure of how far predictions are from targets, to be minimised.
 *
 * <p>Losses never broadcast: a prediction of shape {@code [4, 1]} against a target of shape {@code [4]}
 * would silently become a {@code [4, 4]} comparison, so it is an error instead.
 */
@FunctionalInterface
public interface Loss {
  /**
   * The loss of {@code prediction} against {@code target}, a scalar.
   *
   * @param prediction the model's output
   * @param target what it should have been, in the form the loss documents
   * @return the loss, a scalar
   */
  Tensor apply(Tensor prediction, Tensor target);

  /**
   * How the loss combines examples: {@link Reduction#MEAN} (the default) averages them, so a batch's
   * loss times its size is its share of a dataset total; {@link Reduction#SUM} adds them up. The trainer
   * uses this to report per-example losses that do not depend on the batch size.
   *
   * @return the reduction over examples
   */
  default Reduction reduction() {
    return Reduction.MEAN;
  }

  /**
   * Throws, naming the loss, unless both tensors are present and share one dtype and one shape; the dtype is
   * checked first, so a mismatch is reported as the loss's, not as an arithmetic op's inside it.
   *
   * @param loss the loss's name, for the error message
   * @param prediction the model's output
   * @param target what it should have been
   */
  static void checkMatching(String loss, Tensor prediction, Tensor target) {
    checkPresent(loss, "prediction", prediction, target);
    checkArgument(
        prediction.dtype() == target.dtype(),
        "%s: prediction and target dtypes differ; got %s and %s (convert one with to(DType))",
        loss, prediction.dtype(), target.dtype());
    checkSameShape(loss, prediction, target);
  }

  /**
   * Throws a {@link NullPointerException} naming the loss and the argument when either tensor is null.
   *
   * @param loss the loss's name, for the error message
   * @param first the name of the first argument, for the error message
   * @param prediction the first argument
   * @param target the second argument
   */
  static void checkPresent(String loss, String first, Tensor prediction, Tensor target) {
    checkNotNull(prediction, "%s: %s is null", loss, first);
    checkNotNull(target, "%s: target is null", loss);
  }

  /**
   * Throws, naming the loss, unless the two shapes are equal.
   *
   * @param loss the loss's name, for the error message
   * @param prediction the model's output
   * @param target what it should have been
   */
  static void checkSameShape(String loss, Tensor prediction, Tensor target) {
    checkArgument(
        prediction.shape().equals(target.shape()),
        "%s: prediction and target shapes differ; got %s and %s (losses never broadcast; reshape one of them)",
        loss, prediction.shape(), target.shape());
  }
}
