package dev.chainrule.nn.loss;

import dev.chainrule.autodiff.Tensor;

/**
 * Absolute error {@code |ŷ - y|}, averaged or summed; robust to outliers. The gradient at a perfect fit
 * is 0.
 *
 * @param reduction mean or sum over elements
 */
public record L1Loss(Reduction reduction) implements Loss {
  @Override
  public Tensor apply(Tensor prediction, Tensor target) {
    Loss.checkMatching("l1", prediction, target);
    return reduction.reduce(prediction.sub(target).abs());
  }
}
