package dev.chainrule.nn.optim;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.kernel.update.FusedUpdates;
import dev.chainrule.autodiff.kernel.update.FusedUpdates.AdamStep;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * Adam, adaptive moment estimation with bias correction: Kingma &amp; Ba (2015), "Adam: A Method for
 * Stochastic Optimization", ICLR, Algorithm 1.
 *
 * <p>With gradient {@code g = ∂E/∂w + λ·w} (L2 weight decay λ added to the gradient, as in
 * {@code torch.optim.Adam}; see {@link AdamW} for the decoupled form) and t the number of updates this
 * parameter has received, counting this one:
 *
 * <pre>
 *   m ← β₁·m + (1 − β₁)·g          m̂ = m / (1 − β₁ᵗ)
 *   v ← β₂·v + (1 − β₂)·g²         v̂ = v / (1 − β₂ᵗ)
 *   w ← w − lr·m̂ / (√v̂ + ε)
 * </pre>
 *
 * <p>The slots are {@code "firstMoment"} (m), {@code "secondMoment"} (v) and {@code "step"} (t, a rank-0
 * float64 array), so a parameter that skips steps still gets the right bias correction.
 *
 * @param learningRate lr, positive
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param epsilon added to √v̂ for stability, positive
 * @param weightDecay L2 coefficient λ, non-negative
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    implements UpdateRule {
  /** The slot holding m. */
  public static final String FIRST_MOMENT = "firstMoment";
  /** The slot holding v. */
  public static final String SECOND_MOMENT = "secondMoment";
  /** The slot holding t, the number of updates so far. */
  public static final String STEP = "step";

  /**
   * Validates the configuration.
   *
   * @param learningRate lr, positive
   * @param beta1 decay of the first moment, in [0, 1)
   * @param beta2 decay of the second moment, in [0, 1)
   * @param epsilon added to √v̂ for stability, positive
   * @param weightDecay L2 coefficient λ, non-negative
   */
  public Adam {
    checkAdam("adam", learningRate, beta1, beta2, epsilon, weightDecay);
  }

  /**
   * Adam with the paper's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-8, and no weight decay.
   *
   * @param learningRate the learning rate, positive
   * @return the rule
   */
  public static Adam of(double learningRate) {
    return new Adam(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * Adam with the paper's defaults, including lr = 0.001.
   *
   * @return the rule
   */
  public static Adam defaults() {
    return of(0.001);
  }

  /**
   * This rule with L2 weight decay λ added to the gradient.
   *
   * @param weightDecay the L2 coefficient λ, non-negative
   * @return a new rule; this one is unchanged
   */
  public Adam withWeightDecay(double weightDecay) {
    return new Adam(learningRate, beta1, beta2, epsilon, weightDecay);
  }

  @Override
  public Map<String, NdArray> initialState(NdArray value) {
    return initialAdamState(value);
  }

  @Override
  public Update apply(NdArray w, NdArray grad, Map<String, NdArray> state, double learningRate) {
    NdArray g = WeightDecay.withL2(grad, w, weightDecay).value();
    double t = state.get(STEP).item() + 1;
    AdamStep step = FusedUpdates.adam(
        w, g, state.get(FIRST_MOMENT), state.get(SECOND_MOMENT),
        learningRate, beta1, beta2, epsilon, 1 - Math.pow(beta1, t), 1 - Math.pow(beta2, t));
    return new Update(
        step.value(),
        ImmutableMap.of(FIRST_MOMENT, step.firstMoment(), SECOND_MOMENT, step.secondMoment(), STEP, NdArray.scalar(t)));
  }

  static Map<String, NdArray> initialAdamState(NdArray value) {
    NdArray zeros = NdArray.zeros(value.shape(), value.dtype());
    return ImmutableMap.of(FIRST_MOMENT, zeros, SECOND_MOMENT, zeros, STEP, NdArray.scalar(0));
  }

  static void checkAdam(String op, double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    Checks.positive(op, "learningRate", learningRate);
    Checks.decayRate(op, "beta1", beta1);
    Checks.decayRate(op, "beta2", beta2);
    Checks.positive(op, "epsilon", epsilon);
    Checks.nonNegative(op, "weightDecay", weightDecay);
  }
}
