package dev.chainrule.nn.data;

import dev.chainrule.autodiff.Tensor;

/**
 * One mini-batch: features and targets as constant tensors, and its position in the epoch.
 *
 * @param features shape {@code [B, ...]}
 * @param targets shape {@code [B, ...]}
 * @param index 0 for the first batch of an epoch
 */
public record Batch(Tensor features, Tensor targets, int index) {
  /**
   * Number of examples in the batch.
   *
   * @return the number of examples
   */
  public int size() {
    return features.shape().dim(0);
  }
}
