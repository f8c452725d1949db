package dev.chainrule.nn.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Parameter;
import java.util.List;
import net.jqwik.api.Example;

/** Each optimizer minimises the convex quadratic ‖Aw − b‖² from a fixed start within a fixed budget. */
class ConvergenceTest {
  private static final Tensor A = Tensor.of(new double[][] {{3, 1}, {1, 2}, {0, 1}});
  private static final Tensor B = Tensor.of(2, -1, -1); // A·[1, −1]: the minimum is 0 at w = [1, −1]
  private static final int STEPS = 300;

  private static double minimise(UpdateRule rule) {
    Parameter w = Params.of(0, 0);
    Optimizer optimizer = Optimizer.create(rule, List.of(w));
    for (int step = 0; step < STEPS; step++) {
      optimizer.zeroGrad();
      A.matmul(w.tensor()).sub(B).square().sum().backward();
      optimizer.step();
    }
    return A.matmul(w.tensor()).sub(B).square().sum().item();
  }

  private static void assertConverges(UpdateRule rule, double threshold) {
    double loss = minimise(rule); // 6.0 at the start
    assertTrue(loss < threshold, rule + " reached loss " + loss + " after " + STEPS + " steps");
  }

  @Example
  void sgdConverges() {
    assertConverges(Sgd.of(0.03), 1e-12);
  }

  @Example
  void sgdWithMomentumConverges() {
    assertConverges(Sgd.withMomentum(0.01, 0.9), 1e-8);
  }

  @Example
  void sgdWithNesterovMomentumConverges() {
    assertConverges(Sgd.nesterov(0.01, 0.9), 1e-8);
  }

  @Example
  void adamConverges() {
    assertConverges(Adam.of(0.1), 1e-10);
  }

  @Example
  void adamWConverges() {
    assertConverges(AdamW.of(0.1).withWeightDecay(1e-4), 1e-7);
  }

  @Example
  void rmsPropConverges() {
    // with a constant rate RMSprop keeps taking steps of about lr near the minimum, so it hovers there
    assertConverges(RmsProp.of(0.01), 1e-2);
  }

  @Example
  void adagradConverges() {
    assertConverges(Adagrad.of(0.5), 1e-10);
  }
}
