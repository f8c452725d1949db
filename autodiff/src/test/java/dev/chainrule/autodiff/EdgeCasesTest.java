package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regressions: infinities, functions of nothing, and helpers called from inside no-grad regions. */
class EdgeCasesTest {

  @Test
  void logsumexpOfOnlyMinusInfinityIsMinusInfinity() {
    double inf = Double.NEGATIVE_INFINITY;
    assertEquals(inf, Tensor.of(inf, inf).logsumexp().item());
    assertEquals(2 + Math.log(2), Tensor.of(2, 2).logsumexp().item(), 1e-15);
  }

  @Test
  void zeroExponentHasAZeroGradientEvenForAnInfiniteSeed() {
    Tensor x = Tensor.of(0, 3).requiresGrad();
    x.pow(0).backward(Tensor.of(Double.POSITIVE_INFINITY, 1));
    assertEquals(0, x.grad().value().get(0));
  }

  @Test
  void jacobianHessianAndHvpWorkInsideNoGrad() {
    NdArray x = NdArray.of(0.5, -1);
    try (GradScope off = Autodiff.noGrad()) {
      assertEquals(Math.cos(0.5), Autodiff.jacobian(Tensor::sin, x).get(0, 0), 1e-15);
      assertEquals(6 * 0.5, Autodiff.hessian(t -> t.pow(3).sum(), x).get(0, 0), 1e-12);
      assertEquals(6 * 0.5, Autodiff.hvp(t -> t.pow(3).sum(), Tensor.of(x), Tensor.of(1, 0)).value().get(0), 1e-12);
      GradCheck.check(Tensor::sin, x).assertPassed();
      assertFalse(Autodiff.isGradEnabled(), "the helpers restore the caller's no-grad state");
    }
  }

  @Test
  void hessianAndHvpOfAFunctionThatIgnoresItsInputAreZero() {
    NdArray x = NdArray.of(1, 2);
    assertEquals(0, Tensor.of(Autodiff.hessian(t -> Tensor.scalar(3), x)).abs().sum().item());
    assertEquals(0, Autodiff.hvp(t -> Tensor.scalar(3), Tensor.of(x), Tensor.of(1, 1)).abs().sum().item());
  }

  @Test
  void scopesClosedOutOfOrderAreRejected() {
    GradScope outer = Autodiff.noGrad();
    GradScope inner = Autodiff.enableGrad();
    IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
    assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
    inner.close();
    outer.close();
    assertTrue(Autodiff.isGradEnabled());
  }

  @Test
  void gradientsCanBeTakenWithRespectToTheSameInputTwice() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    List<Tensor> g = Autodiff.grad(x.square(), List.of(x, x)).asList();
    assertEquals(4, g.get(0).item(), 1e-15);
    assertEquals(4, g.get(1).item(), 1e-15);
  }

  @Test
  void softplusHasSlopeOneHalfAtZeroAndKeepsPrecisionFarOut() {
    Tensor x = Tensor.of(0, -40, 800).requiresGrad();
    Tensor y = x.softplus();
    y.sum().backward();
    assertEquals(0.5, x.grad().value().get(0), 1e-15);
    assertEquals(Math.exp(-40), y.value().get(1), 1e-15 * Math.exp(-40), "relative precision for very negative x");
    assertEquals(800, y.value().get(2), 0, "no overflow for large x");
    assertEquals(1, x.grad().value().get(2), 0);
  }

  @Test
  void nanPropagatesThroughReluMaximumAndMinimum() {
    Tensor nan = Tensor.of(Double.NaN, 2);
    Tensor one = Tensor.of(1, Double.NaN);
    assertTrue(Double.isNaN(nan.relu().value().get(0)));
    assertTrue(Double.isNaN(nan.maximum(one).value().get(0)) && Double.isNaN(nan.maximum(one).value().get(1)));
    assertTrue(Double.isNaN(nan.minimum(one).value().get(0)) && Double.isNaN(nan.minimum(one).value().get(1)));
  }

  @Test
  void zeroToTheZeroHasZeroGradientForTheBase() {
    Tensor a = Tensor.of(0.0, 2.0).requiresGrad();
    Tensor b = Tensor.of(0.0, 0.0).requiresGrad();
    a.pow(b).sum().backward();
    assertEquals(0, a.grad().value().get(0), 0);
    assertEquals(0, b.grad().value().get(0), 0);
    assertEquals(Math.log(2), b.grad().value().get(1), 1e-15);
  }
}
