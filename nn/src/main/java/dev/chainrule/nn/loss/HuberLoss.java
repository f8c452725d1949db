package dev.chainrule.nn.loss;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;

/**
 * Huber loss (Huber 1964): quadratic {@code ½r²} for residuals {@code |r| <= δ}, linear
 * {@code δ(|r| - ½δ)} beyond, so large errors pull with a bounded gradient {@code ±δ}.
 *
 * @param delta where the quadratic part ends, positive
 * @param reduction mean or sum over elements
 */
public record HuberLoss(double delta, Reduction reduction) implements Loss {
  /**
   * Validates delta.
   *
   * @param delta where the quadratic part ends, positive
   * @param reduction mean or sum over elements
   */
  public HuberLoss {
    checkArgument(delta > 0, "huber: delta must be positive; got %s", delta);
  }

  @Override
  public Tensor apply(Tensor prediction, Tensor target) {
    Loss.checkMatching("huber", prediction, target);
    Tensor r = prediction.sub(target);
    // ½·min(|r|, δ)² + δ·(|r| - min(|r|, δ)) equals both pieces and is smooth at |r| = δ
    Tensor small = r.clamp(-delta, delta);
    Tensor quadratic = small.square().mul(0.5);
    Tensor linear = r.sub(small).abs().mul(delta);
    return reduction.reduce(quadratic.add(linear));
  }
}
