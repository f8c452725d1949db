package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * RMSprop: divide the gradient by a running average of its recent magnitude. Tieleman &amp; Hinton
 * (2012), Coursera "Neural Networks for Machine Learning", lecture 6e.
 *
 * <p>With gradient {@code g = ∂E/∂w + λ·w} (L2 weight decay added to the gradient):
 *
 * <pre>
 *   s ← ρ·s + (1 − ρ)·g²
 *   w ← w − lr·g / (√s + ε)
 * </pre>
 *
 * <p>ε sits outside the square root, as in PyTorch and Keras. The slot {@code "squareAverage"} holds s.
 *
 * @param learningRate lr, positive
 * @param rho decay of the average, in [0, 1)
 * @param epsilon added to √s for stability, positive
 * @param weightDecay L2 coefficient λ, non-negative
 */
public record RmsProp(double learningRate, double rho, double epsilon, double weightDecay) implements UpdateRule {
  /** The slot holding s, the running average of g². */
  public static final String SQUARE_AVERAGE = "squareAverage";

  /**
   * Validates the configuration.
   *
   * @param learningRate lr, positive
   * @param rho decay of the average, in [0, 1)
   * @param epsilon added to √s for stability, positive
   * @param weightDecay L2 coefficient λ, non-negative
   */
  public RmsProp {
    Checks.positive("rmsprop", "learningRate", learningRate);
    Checks.decayRate("rmsprop", "rho", rho);
    Checks.positive("rmsprop", "epsilon", epsilon);
    Checks.nonNegative("rmsprop", "weightDecay", weightDecay);
  }

  /**
   * RMSprop with ρ = 0.9 (the lecture's value, and Keras's default) and ε = 1e-8; PyTorch uses ρ = 0.99.
   *
   * @param learningRate the learning rate, positive
   * @return the rule
   */
  public static RmsProp of(double learningRate) {
    return new RmsProp(learningRate, 0.9, 1e-8, 0);
  }

  /**
   * RMSprop with lr = 0.001, ρ = 0.9 and ε = 1e-8.
   *
   * @return the rule
   */
  public static RmsProp defaults() {
    return of(0.001);
  }

  /**
   * This rule with L2 weight decay λ added to the gradient.
   *
   * @param weightDecay the L2 coefficient λ, non-negative
   * @return a new rule; this one is unchanged
   */
  public RmsProp withWeightDecay(double weightDecay) {
    return new RmsProp(learningRate, rho, epsilon, weightDecay);
  }

  @Override
  public Map<String, NdArray> initialState(NdArray value) {
    return Map.of(SQUARE_AVERAGE, NdArray.zeros(value.shape(), value.dtype()));
  }

  @Override
  public Update apply(NdArray w, NdArray grad, Map<String, NdArray> state, double learningRate) {
    Tensor g = WeightDecay.withL2(grad, w, weightDecay);
    NdArray s = Tensor.of(state.get(SQUARE_AVERAGE)).mul(rho).add(g.mul(g).mul(1 - rho)).value();
    Tensor root = Tensor.of(s.map(Math::sqrt));
    NdArray next = Tensor.of(w).sub(g.mul(learningRate).div(root.add(epsilon))).value();
    return new Update(next, Map.of(SQUARE_AVERAGE, s));
  }
}
