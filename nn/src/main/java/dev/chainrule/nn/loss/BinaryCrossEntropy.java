package dev.chainrule.nn.loss;

import dev.chainrule.autodiff.Tensor;

/**
 * Binary cross-entropy of logits {@code z} against targets {@code y} in {@code [0, 1]}:
 * {@code -y·log σ(z) - (1 - y)·log(1 - σ(z))}, computed stably as {@code softplus(z) - y·z}, averaged or
 * summed over elements.
 *
 * @param reduction mean or sum over elements
 */
public record BinaryCrossEntropy(Reduction reduction) implements Loss {
  /**
   * The mean over elements, as {@code torch.nn.BCEWithLogitsLoss()}.
   *
   * @return the loss
   */
  public static BinaryCrossEntropy mean() {
    return new BinaryCrossEntropy(Reduction.MEAN);
  }

  /**
   * The sum of the losses of all elements, as {@code torch.nn.BCEWithLogitsLoss(reduction="sum")}: {@link #mean()} times the count, so that
   * slices of a batch can be added up (data parallelism, gradient accumulation) and scaled once.
   *
   * @return the loss
   */
  public static BinaryCrossEntropy sum() {
    return new BinaryCrossEntropy(Reduction.SUM);
  }

  @Override
  public Tensor apply(Tensor logits, Tensor target) {
    Loss.checkMatching("binaryCrossEntropy", logits, target);
    return reduction.reduce(logits.softplus().sub(target.mul(logits)));
  }
}
