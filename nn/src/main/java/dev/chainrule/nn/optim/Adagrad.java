package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * Adagrad: per-coordinate learning rates from the sum of all past squared gradients. Duchi, Hazan &amp;
 * Singer (2011), "Adaptive Subgradient Methods for Online Learning and Stochastic Optimization", JMLR 12,
 * the diagonal variant.
 *
 * <p>With gradient {@code g = ∂E/∂w + λ·w} (L2 weight decay added to the gradient):
 *
 * <pre>
 *   G ← G + g²
 *   w ← w − lr·g / (√G + ε)
 * </pre>
 *
 * <p>The slot {@code "sumOfSquares"} holds G, starting at zero.
 *
 * @param learningRate lr, positive
 * @param epsilon added to √G for stability, positive
 * @param weightDecay L2 coefficient λ, non-negative
 */
public record Adagrad(double learningRate, double epsilon, double weightDecay) implements UpdateRule {
  /** The slot holding G, the sum of squared gradients. */
  public static final String SUM_OF_SQUARES = "sumOfSquares";

  /**
   * Validates the configuration.
   *
   * @param learningRate lr, positive
   * @param epsilon added to √G for stability, positive
   * @param weightDecay L2 coefficient λ, non-negative
   */
  public Adagrad {
    Checks.positive("adagrad", "learningRate", learningRate);
    Checks.positive("adagrad", "epsilon", epsilon);
    Checks.nonNegative("adagrad", "weightDecay", weightDecay);
  }

  /**
   * Adagrad with ε = 1e-10 (PyTorch's default) and no weight decay.
   *
   * @param learningRate the learning rate, positive
   * @return the rule
   */
  public static Adagrad of(double learningRate) {
    return new Adagrad(learningRate, 1e-10, 0);
  }

  /**
   * Adagrad with PyTorch's defaults, including lr = 0.01.
   *
   * @return the rule
   */
  public static Adagrad defaults() {
    return of(0.01);
  }

  /**
   * This rule with L2 weight decay λ added to the gradient.
   *
   * @param weightDecay the L2 coefficient λ, non-negative
   * @return a new rule; this one is unchanged
   */
  public Adagrad withWeightDecay(double weightDecay) {
    return new Adagrad(learningRate, epsilon, weightDecay);
  }

  @Override
  public Map<String, NdArray> initialState(NdArray value) {
    return Map.of(SUM_OF_SQUARES, NdArray.zeros(value.shape(), value.dtype()));
  }

  @Override
  public Update apply(NdArray w, NdArray grad, Map<String, NdArray> state, double learningRate) {
    Tensor g = WeightDecay.withL2(grad, w, weightDecay);
    NdArray sum = Tensor.of(state.get(SUM_OF_SQUARES)).add(g.mul(g)).value();
    Tensor root = Tensor.of(sum.map(Math::sqrt));
    NdArray next = Tensor.of(w).sub(g.mul(learningRate).div(root.add(epsilon))).value();
    return new Update(next, Map.of(SUM_OF_SQUARES, sum));
  }
}
