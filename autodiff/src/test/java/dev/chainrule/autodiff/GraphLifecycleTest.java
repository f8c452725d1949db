package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the graph is recorded, retained, freed and cut: retainGraph, detach, no-grad scopes, leaves. */
class GraphLifecycleTest {

  @Test
  void backwardFreesTheGraphUnlessRetained() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor y = x.square().mul(3);
    y.backward(GradOptions.retainingGraph());
    assertEquals(2, y.inputs().size());
    y.backward();
    assertEquals(24, x.grad().item(), 1e-12); // 6x, twice
    assertTrue(y.inputs().isEmpty(), "the second backward frees the graph");
    assertThrows(GraphFreedException.class, y::backward);
  }

  @Test
  void functionalGradDoesNotTouchAccumulatedGradients() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor g = Autodiff.grad(x.pow(3), List.of(x)).get(x);
    assertEquals(12, g.item(), 1e-12);
    assertFalse(x.hasGrad());
  }

  @Test
  void functionalGradOfAnUnusedInputIsZero() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor unused = Tensor.of(1, 2).requiresGrad();
    Gradients g = Autodiff.grad(x.square(), List.of(x, unused));
    assertEquals(0, g.get(unused).sum().item());
    assertEquals(unused.shape(), g.get(unused).shape());
  }

  @Test
  void gradWithRespectToAnIntermediateTensor() {
    Tensor x = Tensor.scalar(0.5).requiresGrad();
    Tensor h = x.mul(4);
    Tensor y = h.square();
    assertEquals(4, Autodiff.grad(y, List.of(h)).get(h).item(), 1e-12); // 2h
  }

  @Test
  void detachCutsTheGraph() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor y = x.mul(x.detach());
    y.backward();
    assertEquals(3, x.grad().item(), 1e-12);
    assertFalse(x.detach().isGradRequired());
  }

  @Test
  void noGradRecordsNothingAndRestoresOnClose() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor inside;
    try (GradScope scope = Autodiff.noGrad()) {
      inside = x.mul(2);
      assertFalse(Autodiff.isGradEnabled());
      try (GradScope again = Autodiff.enableGrad()) {
        assertTrue(x.mul(2).isGradRequired());
      }
      assertFalse(x.mul(2).isGradRequired());
    }
    assertFalse(inside.isGradRequired());
    assertTrue(Autodiff.isGradEnabled());
    assertTrue(x.mul(2).isGradRequired());
  }

  @Test
  void requiresGradMakesALeafAndKeepsTrackedTensors() {
    Tensor constant = Tensor.of(1, 2);
    Tensor leaf = constant.requiresGrad();
    assertTrue(leaf.isLeaf() && leaf.isGradRequired());
    assertFalse(constant.isGradRequired(), "tensors are immutable: the constant is unchanged");
    Tensor y = leaf.mul(2);
    assertSame(y, y.requiresGrad());
    assertFalse(y.isLeaf());
    assertEquals("mul", y.op().orElseThrow().name());
  }

  @Test
  void comparisonsNeverRequireGrad() {
    Tensor x = Tensor.of(1, -2).requiresGrad();
    assertFalse(x.gt(0).isGradRequired());
  }

  @Test
  void backwardWithASeedGivesTheVectorJacobianProduct() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad();
    x.square().backward(Tensor.of(1, 10, 100));
    assertEquals(List.of(2.0, 40.0, 600.0), toList(x.grad()));
  }

  private static List<Double> toList(Tensor t) {
    double[] v = t.value().toDoubleArray();
    return java.util.Arrays.stream(v).boxed().toList();
  }

  /** Passes its input through, but its backward always fails. */
  private record FailingBackward() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x;
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      throw new IllegalStateException("failingBackward: deliberate");
    }
  }

  @Test
  void aFailedBackwardLeavesTheGraphIntact() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor h = x.mul(2);
    Tensor y = Tensor.apply(new FailingBackward(), h).exp().add(h).sum();
    assertThrows(IllegalStateException.class, y::backward);
    Tensor add = y.inputs().get(0);
    assertEquals(2, add.inputs().size(), "the graph is not half-freed");
    assertEquals(2, h.inputs().size());
    assertEquals(16, Autodiff.grad(h.square(), List.of(x)).get(x).item(), 1e-12); // d(4x²)/dx at 2
    assertFalse(x.hasGrad());
  }

  @Test
  void gradWithRespectToAnIntermediateDoesNotFreeWhatLiesBelowIt() {
    Tensor p = Tensor.scalar(1.5).requiresGrad();
    Tensor h = p.mul(3);
    assertEquals(9, Autodiff.grad(h.square(), List.of(h)).get(h).item(), 1e-12);
    h.exp().backward();
    assertEquals(3 * Math.exp(4.5), p.grad().item(), 1e-9);
  }

  @Test
  void backwardWithASeedCanRetainTheGraph() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor y = x.square();
    y.backward(Tensor.of(1, 10), GradOptions.retainingGraph());
    assertFalse(y.inputs().isEmpty(), "the graph is retained");
    y.backward(Tensor.of(1, 10));
    assertEquals(List.of(4.0, 80.0), toList(x.grad())); // 2x·seed, twice
  }
}
