package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Tensor#retainGrad()}: intermediate tensors that keep their gradient as leaves do. */
class RetainGradTest {

  @Provide
  Arbitrary<NdArray> vectors() {
    return TensorArbitraries.shapesOfRank(1, 5).flatMap(s -> TensorArbitraries.arrays(s, Domain.of(-2, 2)));
  }

  /** y = Σ h·sin(h) for h = 2x + 1, so ∂y/∂h = sin(h) + h·cos(h); checked against central differences too. */
  @Property(tries = 50)
  void aRetainedIntermediateGradientMatchesTheAnalyticOneAndCentralDifferences(@ForAll("vectors") NdArray x) {
    Tensor leaf = Tensor.of(x).requiresGrad();
    Tensor h = leaf.mul(2).add(1);
    h.retainGrad();
    h.mul(h.sin()).sum().backward();
    double[] got = h.grad().value().toDoubleArray();
    double[] hs = h.value().toDoubleArray();
    for (int i = 0; i < hs.length; i++) {
      double analytic = Math.sin(hs[i]) + hs[i] * Math.cos(hs[i]);
      double e = 1e-6;
      double numeric = ((hs[i] + e) * Math.sin(hs[i] + e) - (hs[i] - e) * Math.sin(hs[i] - e)) / (2 * e);
      assertEquals(analytic, got[i], 1e-12);
      assertEquals(numeric, got[i], 1e-6);
    }
  }

  @Example
  void retainedGradientsAccumulateAcrossBackwardCallsAsLeavesDoUntilZeroGrad() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor h = x.square();
    h.retainGrad();
    Tensor y = h.mul(5);
    y.backward(GradOptions.retainingGraph());
    y.backward();
    assertEquals(10, h.grad().item(), 0);
    assertEquals(60, x.grad().item(), 0);
    h.zeroGrad();
    assertFalse(h.hasGrad());
  }

  @Example
  void anIntermediateWithoutRetainGradHasNoGradAndTheErrorSaysHowToKeepIt() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor h = x.square();
    h.mul(2).backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, h::grad);
    assertTrue(e.getMessage().contains("call retainGrad() before backward()"), e.getMessage());
  }

  @Example
  void autodiffGradWritesNoRetainedGradient() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor h = x.square();
    h.retainGrad();
    assertEquals(12, Autodiff.grad(h.mul(2), List.of(x)).get(x).item(), 0);
    assertFalse(h.hasGrad());
  }

  @Example
  void aRetainedGradientIsTheOneItsHooksReturn() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor h = x.square();
    h.retainGrad();
    h.registerHook(g -> g.add(1));
    h.mul(2).backward();
    assertEquals(3, h.grad().item(), 0);
    assertEquals(18, x.grad().item(), 0);
  }

  @Example
  void retainGradIsHarmlessOnALeafAndFailsOnAConstant() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    x.retainGrad();
    x.retainGrad();
    x.square().backward();
    assertEquals(6, x.grad().item(), 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).retainGrad());
    assertTrue(e.getMessage().startsWith("retainGrad: this tensor does not require grad"), e.getMessage());
  }
}
