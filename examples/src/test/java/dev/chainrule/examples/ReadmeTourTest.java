package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.AnomalyException;
import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.HookHandle;
import dev.chainrule.autodiff.Jvp;
import dev.chainrule.autodiff.Linearization;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The README's API tour, snippet by snippet, so every snippet compiles against the current API and every
 * value the README quotes in a comment is checked. Keep the two in step.
 */
class ReadmeTourTest {
  private static final double EXACT = 1e-12;

  @Test
  void creatingTensors() {
    Tensor v = Tensor.of(1, 2, 3);                                   // float64 vector, shape [3]
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}});           // float64 matrix, shape [2, 2]
    Tensor s = Tensor.scalar(2.5);                                   // rank 0: a scalar
    double value = s.item();                                         // 2.5
    Tensor f = Tensor.of(1, 2, 3).to(DType.FLOAT32);                 // float32, shape [3]
    Tensor h = Tensor.scalar(0.5, DType.FLOAT32);                    // float32 scalar
    Tensor r = Tensor.randn(Shape.of(3, 2), DType.FLOAT32, new Random(42)); // seeded: no global generator

    assertEquals(Shape.of(3), v.shape());
    assertEquals(Shape.of(2, 2), m.shape());
    assertEquals(0, s.rank());
    assertEquals(2.5, value);
    assertEquals(DType.FLOAT32, f.dtype());
    assertEquals(DType.FLOAT32, h.dtype());
    assertEquals(Shape.of(3, 2), r.shape());
  }

  @Test
  void buildingAGraphAndBackward() {
    Tensor w = Tensor.of(0.5, -0.5).requiresGrad();                  // leaves we want gradients for
    Tensor b = Tensor.scalar(0.1).requiresGrad();
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});   // 3 samples, 2 features
    Tensor y = Tensor.of(1, 0, 1);

    Tensor loss = x.matmul(w).add(b).sigmoid().sub(y).square().mean();
    loss.backward();
    Tensor dw = w.grad();                                            // shape [2], like w
    Tensor db = b.grad();                                            // rank 0, like b

    assertEquals(Shape.of(2), dw.shape());
    assertEquals(0, db.rank());
    GradCheck.check(
            ts -> x.matmul(ts.get(0)).add(ts.get(1)).sigmoid().sub(y).square().mean(),
            List.of(w.value(), b.value()))
        .assertPassed();
  }

  @Test
  void gradientsAccumulateUntilZeroGrad() {
    Tensor a = Tensor.scalar(3).requiresGrad();
    a.square().backward();
    a.square().backward();
    double twice = a.grad().item();                                  // 12.0: 6 + 6, accumulated
    a.zeroGrad();                                                    // a.hasGrad() is false again

    assertEquals(12.0, twice, EXACT);
    assertFalse(a.hasGrad());
  }

  @Test
  void functionalGradAndGradOfGrad() {
    Tensor t = Tensor.scalar(2).requiresGrad();
    Tensor cube = t.pow(3);
    Tensor slope = Autodiff.grad(cube, List.of(t), GradOptions.creatingGraph()).get(t); // 3t² = 12.0
    Tensor curvature = Autodiff.grad(slope, List.of(t)).get(t);                          // 6t = 12.0

    assertEquals(12.0, slope.item(), EXACT);
    assertEquals(12.0, curvature.item(), EXACT);
    assertFalse(t.hasGrad()); // the functional form writes nothing into t
  }

  @Test
  void hvpJacobianHessian() {
    UnaryOperator<Tensor> f = z -> z.pow(3).sum();                   // f(z) = Σ z³
    NdArray at = NdArray.of(1, 2);
    NdArray hessian = Autodiff.hessian(f, at);                       // [[6, 0], [0, 12]]
    Tensor hv = Autodiff.hvp(f, Tensor.of(1, 2), Tensor.of(1, 1));   // H·v = [6, 12]
    NdArray jacobian = Autodiff.jacobian(z -> z.mul(z), at);         // diag(2z) = [[2, 0], [0, 4]]

    assertArrayEquals(new double[] {6, 0, 0, 12}, hessian.toDoubleArray(), EXACT);
    assertArrayEquals(new double[] {6, 12}, hv.value().toDoubleArray(), EXACT);
    assertArrayEquals(new double[] {2, 0, 0, 4}, jacobian.toDoubleArray(), EXACT);
  }

  @Test
  void forwardMode() {
    Jvp r = Autodiff.jvp(z -> z.sin().mul(z), Tensor.of(1.0, 2.0), Tensor.of(1.0, 0.0));
    Tensor value = r.value();                                        // [sin 1, 2 sin 2]
    Tensor tangent = r.tangent();                                    // [sin 1 + cos 1, 0]
    NdArray jac = Autodiff.jacfwd(z -> z.exp().mul(3), NdArray.of(0, 1)); // [[3, 0], [0, 3e]]
    Linearization lin = Autodiff.linearize(z -> z.square(), Tensor.of(3.0));
    Tensor slope = lin.jvp().apply(Tensor.of(1.0));                  // 6.0, without evaluating f again

    assertArrayEquals(new double[] {Math.sin(1), 2 * Math.sin(2)}, value.value().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {Math.sin(1) + Math.cos(1), 0}, tangent.value().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {3, 0, 0, 3 * Math.E}, jac.toDoubleArray(), 1e-14);
    assertEquals(6.0, slope.item(), EXACT);
  }

  @Test
  void vmapOfGrad() {
    Tensor w = Tensor.of(1.0, -2.0).requiresGrad();                  // a weight shared by every example
    Tensor xs = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});  // 3 examples of 2 features
    UnaryOperator<Tensor> gradOfOne = x -> Autodiff.grad(x.mul(w).sum().square(), List.of(w)).get(w);
    Tensor perExample = Autodiff.vmap(gradOfOne).apply(xs);          // [[-6, -12], [-30, -40], [-70, -84]]
    Tensor norms = Autodiff.vmap(z -> z.square().sum().sqrt()).apply(perExample); // one norm per example

    assertArrayEquals(new double[] {-6, -12, -30, -40, -70, -84}, perExample.value().toDoubleArray(), EXACT);
    assertArrayEquals(new double[] {Math.hypot(6, 12), Math.hypot(30, 40), Math.hypot(70, 84)},
        norms.value().toDoubleArray(), EXACT);
  }

  @Test
  void aHookAndACheckpoint() {
    Tensor w = Tensor.of(1.0, 2.0).requiresGrad();
    Tensor h = w.mul(3);
    HookHandle half = h.registerHook(g -> g.mul(0.5));               // called with h's total gradient
    h.square().sum().backward();                                     // w.grad() = 3 · (2h / 2) = [9, 18]
    half.remove();

    assertArrayEquals(new double[] {9, 18}, w.grad().value().toDoubleArray(), EXACT);

    Tensor v = Tensor.of(0.5, -1.0).requiresGrad();
    Tensor out = Autodiff.checkpoint(z -> z.tanh().exp().sum(), v);  // nothing in between is kept
    out.backward();                                                  // v.grad() as without the checkpoint

    Tensor plain = Tensor.of(0.5, -1.0).requiresGrad();
    plain.tanh().exp().sum().backward();
    assertArrayEquals(plain.grad().value().toDoubleArray(), v.grad().value().toDoubleArray(), 0);
  }

  @Test
  void anomalyModeNamesTheOpAndTheLine() {
    AnomalyException e = assertThrows(AnomalyException.class, () -> {
      try (GradScope scope = Autodiff.detectAnomaly()) {
        Tensor r = Tensor.of(0.0, 4.0).requiresGrad();
        r.sqrt().sum().backward();     // AnomalyException: powScalar: backward returned Inf in the gradient of
      }                                // input 0 from a finite grad; got grad float64[2] …, created at …(App.java:12)
    });
    assertTrue(e.getMessage().startsWith("powScalar: backward returned Inf in the gradient of input 0 from a finite "
        + "grad; got grad float64[2]"), e.getMessage());
    assertTrue(e.getMessage().contains("(ReadmeTourTest.java:"), e.getMessage());
    assertFalse(Autodiff.isAnomalyDetectionEnabled());
  }

  @Test
  void noGradAndDetach() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor w = Tensor.of(0.5, -0.5).requiresGrad();
    Tensor prediction;
    try (GradScope noGrad = Autodiff.noGrad()) {
      prediction = x.matmul(w);                                      // not recorded
    }
    Tensor frozen = w.detach();                                      // same value, a constant

    assertFalse(prediction.isGradRequired());
    assertFalse(frozen.isGradRequired());
    assertTrue(Autodiff.isGradEnabled());
  }

  @Test
  void aTrainingStepMakesANewLeaf() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor y = Tensor.of(1, 2);
    Tensor w = Tensor.of(0.0, 0.0).requiresGrad();
    double before = x.matmul(w).sub(y).square().mean().item();
    for (int step = 0; step < 100; step++) {
      x.matmul(w).sub(y).square().mean().backward();
      try (GradScope noGrad = Autodiff.noGrad()) {
        w = w.sub(w.grad().mul(0.01)).requiresGrad();               // a fresh leaf, with no grad yet
      }
    }
    double after = x.matmul(w).sub(y).square().mean().item();

    assertTrue(after < before / 10, () -> "loss went from " + before + " to " + after);
  }

  @Test
  void broadcasting() {
    Tensor rows = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});  // [2, 3]
    Tensor bias = Tensor.of(10, 20, 30).requiresGrad();              // [3], repeated for each row
    rows.add(bias).sum().backward();
    NdArray g = bias.grad().value();                                 // [2, 2, 2]: summed back over the rows

    assertArrayEquals(new double[] {2, 2, 2}, g.toDoubleArray(), EXACT);
  }

  @Test
  void customOpIsCheckedAgainstFiniteDifferences() {
    Tensor residual = Tensor.of(-2.5, -0.3, 0.4, 3.0).requiresGrad();
    Tensor loss = Tensor.apply(new Huber(1.0), residual).mean();
    loss.backward();                              // residual.grad() = [-0.25, -0.075, 0.1, 0.25]

    NdArray at = NdArray.of(-2.5, -0.3, 0.4, 3.0);
    GradCheck.check(t -> Tensor.apply(new Huber(1.0), t), at).assertPassed();
    GradCheck.defaults().runSecondOrder(ts -> Tensor.apply(new Huber(1.0), ts.get(0)), List.of(at)).assertPassed();

    assertArrayEquals(new double[] {-0.25, -0.075, 0.1, 0.25}, residual.grad().value().toDoubleArray(), EXACT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Huber(0));
    assertEquals("huber: delta must be positive; got 0.0", e.getMessage());
  }

  /** x scaled by a fixed mask; the mask gets no gradient. */
  record Masked() implements Op.Binary {
    @Override
    public NdArray forward(NdArray x, NdArray mask) {
      return x.zip(mask, (v, m) -> v * m);
    }

    @Override
    public Grads backward(Tensor grad, Tensor x, Tensor mask, Tensor out, Needed needed) {
      return Grads.none(2).with(0, grad.mul(mask)); // d(x·m)/dx = m; "none" for the mask
    }
  }

  @Test
  void anInputWithoutGradientReturnsNone() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad();
    Tensor mask = Tensor.of(1, 0, 1).requiresGrad();
    Tensor.apply(new Masked(), x, mask).sum().backward();

    assertArrayEquals(new double[] {1, 0, 1}, x.grad().value().toDoubleArray(), EXACT);
    assertFalse(mask.hasGrad());
  }

  @Test
  void errorsNameTheOpAndTheValues() {
    assertMessage("matmul: inner dimensions differ; got [2, 3] @ [4, 5]",
        () -> Tensor.of(new double[2][3]).matmul(Tensor.of(new double[4][5])));
    assertMessage("add: shapes cannot be broadcast together; got [3] and [2]",
        () -> Tensor.of(1, 2, 3).add(Tensor.of(1, 2)));
    assertMessage("reshape: cannot reshape [6] (6 elements) to [4, 2] (8 elements)",
        () -> Tensor.of(1, 2, 3, 4, 5, 6).reshape(4, 2));
    assertMessage("add: dtypes differ; got float32 and float64 (convert one with to(DType))",
        () -> Tensor.of(1, 2).to(DType.FLOAT32).add(Tensor.of(1, 2)));
  }

  private static void assertMessage(String expected, Runnable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call::run).getMessage());
  }
}
