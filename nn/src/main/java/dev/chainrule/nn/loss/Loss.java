package dev.chainrule.nn.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;

/**
 * A loss: a scalar measure of how far predictions are from targets, to be minimised.
 *
 * <p>Losses never broadcast: a prediction of shape {@code [4, 1]} against a target of shape {@code [4]}
 * would silently become a {@code [4, 4]} comparison, so it is an error instead.
 */
@FunctionalInterface
public interface Loss {
  /** The loss of {@code prediction} against {@code target}, a scalar. */
  Tensor apply(Tensor prediction, Tensor target);

  /** Throws, naming the loss, unless the two shapes are equal. */
  static void checkSameShape(String loss, Tensor prediction, Tensor target) {
    checkArgument(
        prediction.shape().equals(target.shape()),
        "%s: prediction and target shapes differ; got %s and %s (losses never broadcast; reshape one of them)",
        loss, prediction.shape(), target.shape());
  }
}
