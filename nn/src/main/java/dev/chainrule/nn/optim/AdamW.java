package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * Adam with decoupled weight decay: Loshchilov &amp; Hutter (2019), "Decoupled Weight Decay
 * Regularization", ICLR, Algorithm 2.
 *
 * <p>Each step first shrinks the weights, then takes a plain {@link Adam} step with the raw gradient:
 *
 * <pre>
 *   w ← w − lr·λ·w
 *   w ← w − lr·m̂ / (√v̂ + ε)          (m̂, v̂ from g = ∂E/∂w, as in Adam)
 * </pre>
 *
 * <p><b>How this differs from {@code Adam.withWeightDecay(λ)}.</b> There λ·w is added to the gradient
 * (L2 regularization), so it passes through the moment estimates and is divided by √v̂: weights with
 * large gradients are barely decayed. Here the decay bypasses the moments and every weight shrinks by the
 * same factor {@code 1 − lr·λ}. The decay is scaled by the current learning rate, as in PyTorch's
 * {@code AdamW}; the paper's schedule multiplier η_t is then the ratio of the current to the initial
 * learning rate.
 *
 * <p>The slots are those of {@link Adam}.
 *
 * @param learningRate lr, positive
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param epsilon added to √v̂ for stability, positive
 * @param weightDecay decoupled decay coefficient λ, non-negative
 */
public record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    implements UpdateRule {
  /**
   * Validates the configuration.
   *
   * @param learningRate lr, positive
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param epsilon added to √v̂ for stability, positive
   * @param weightDecay decoupled decay coefficient λ, non-negative
   */
  public AdamW {
    Adam.checkAdam("adamw", learningRate, beta1, beta2, epsilon, weightDecay);
  }

  /**
   * AdamW with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and λ = 0.01 (PyTorch's defaults).
   *
   * @param learningRate the learning rate, positive
   * @return the rule
   */
  public static AdamW of(double learningRate) {
    return new AdamW(learningRate, 0.9, 0.999, 1e-8, 0.01);
  }

  /**
   * AdamW with PyTorch's defaults, including lr = 0.001.
   *
   * @return the rule
   */
  public static AdamW defaults() {
    return of(0.001);
  }

  /**
   * This rule with decoupled weight decay λ.
   *
   * @param weightDecay the decoupled decay coefficient λ, non-negative
   * @return a new rule; this one is unchanged
   */
  public AdamW withWeightDecay(double weightDecay) {
    return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay);
  }

  @Override
  public Map<String, NdArray> initialState(NdArray value) {
    return Adam.initialAdamState(value);
  }

  @Override
  public Update apply(NdArray w, NdArray grad, Map<String, NdArray> state, double learningRate) {
    NdArray decayed = weightDecay == 0 ? w : Tensor.of(w).mul(1 - learningRate * weightDecay).value();
    return new Adam(this.learningRate, beta1, beta2, epsilon, 0).apply(decayed, grad, state, learningRate);
  }
}
