package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.kernel.update.FusedUpdates;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum exactly as Rumelhart, Hinton &amp; Williams (1986),
 * "Learning representations by back-propagating errors", Nature 323, 533–536.
 *
 * <p>With learning rate ε, momentum α and gradient {@code g(t) = ∂E/∂w + λ·w(t−1)} (L2 weight decay λ
 * added to the gradient), one step is
 *
 * <pre>
 *   Δw(t) = −ε·g(t) + α·Δw(t−1)        (Δw(0) = 0)
 *   w(t)  = w(t−1) + Δw(t)
 * </pre>
 *
 * and the state slot {@code "velocity"} is Δw itself, the last step taken. With momentum 0 there is no
 * slot and the step is {@code w ← w − ε·g}.
 *
 * <p><b>How this differs from PyTorch.</b> {@code torch.optim.SGD} keeps {@code v ← μ·v + g} and steps
 * {@code w ← w − lr·v}, so changing the learning rate rescales the whole accumulated velocity at once.
 * Here the earlier steps keep the learning rates they were taken with: a change of ε affects only the new
 * gradient term. With a constant learning rate the two agree ({@code Δw = −lr·v}).
 *
 * <p><b>Nesterov momentum</b> (Sutskever, Martens, Dahl &amp; Hinton 2013, "On the importance of
 * initialization and momentum in deep learning") evaluates the gradient at the look-ahead point
 * {@code w + α·Δw}. Rewritten in terms of the stored look-ahead weights (Bengio, Boulanger-Lewandowski
 * &amp; Pascanu 2013), so the gradient is the one at the current value, the step is
 *
 * <pre>
 *   Δw(t) = −ε·g(t) + α·Δw(t−1)
 *   w(t)  = w(t−1) + α·Δw(t) − ε·g(t)
 * </pre>
 *
 * which equals PyTorch's {@code nesterov=True} under a constant learning rate.
 *
 * @param learningRate ε, positive
 * @param momentum α, in [0, 1)
 * @param nesterov whether to use the look-ahead form (needs a positive momentum)
 * @param weightDecay L2 coefficient λ, non-negative
 */
public record Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay)
    implements UpdateRule {
  /** The slot holding Δw, the last step. */
  public static final String VELOCITY = "velocity";

  /**
   * Validates the configuration.
   *
   * @param learningRate ε, positive
   * @param momentum α, in [0, 1)
   * @param nesterov whether to use the look-ahead form (needs a positive momentum)
   * @param weightDecay L2 coefficient λ, non-negative
   */
  public Sgd {
    Checks.positive("sgd", "learningRate", learningRate);
    Checks.decayRate("sgd", "momentum", momentum);
    Checks.nonNegative("sgd", "weightDecay", weightDecay);
    checkArgument(!nesterov || momentum > 0, "sgd: nesterov needs a positive momentum; got %s", momentum);
  }

  /**
   * Plain gradient descent {@code w ← w − ε·g}.
   *
   * @param learningRate the learning rate ε, positive
   * @return the rule
   */
  public static Sgd of(double learningRate) {
    return new Sgd(learningRate, 0, false, 0);
  }

  /**
   * Gradient descent with classical momentum.
   *
   * @param learningRate the learning rate ε, positive
   * @param momentum the decay of the velocity, in {@code [0, 1)}
   * @return the rule
   */
  public static Sgd withMomentum(double learningRate, double momentum) {
    return new Sgd(learningRate, momentum, false, 0);
  }

  /**
   * Gradient descent with Nesterov momentum.
   *
   * @param learningRate the learning rate ε, positive
   * @param momentum the decay of the velocity, in {@code (0, 1)}
   * @return the rule
   */
  public static Sgd nesterov(double learningRate, double momentum) {
    return new Sgd(learningRate, momentum, true, 0);
  }

  /**
   * This rule with L2 weight decay λ added to the gradient.
   *
   * @param weightDecay the L2 coefficient λ, non-negative
   * @return a new rule; this one is unchanged
   */
  public Sgd withWeightDecay(double weightDecay) {
    return new Sgd(learningRate, momentum, nesterov, weightDecay);
  }

  @Override
  public Map<String, NdArray> initialState(NdArray value) {
    return momentum == 0 ? Map.of() : Map.of(VELOCITY, NdArray.zeros(value.shape(), value.dtype()));
  }

  @Override
  public Update apply(NdArray w, NdArray grad, Map<String, NdArray> state, double learningRate) {
    if (momentum == 0) {
      return new Update(FusedUpdates.axpy(-learningRate, WeightDecay.withL2(grad, w, weightDecay).value(), w), Map.of()); // w − ε·g
    }
    Tensor descent = WeightDecay.withL2(grad, w, weightDecay).mul(-learningRate); // −ε·g
    Tensor delta = descent.add(Tensor.of(state.get(VELOCITY)).mul(momentum));
    Tensor step = nesterov ? delta.mul(momentum).add(descent) : delta;
    return new Update(Tensor.of(w).add(step).value(), Map.of(VELOCITY, delta.value()));
  }
}
