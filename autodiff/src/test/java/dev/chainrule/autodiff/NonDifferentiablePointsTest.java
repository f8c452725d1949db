package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented choices at points where an op has no derivative. */
class NonDifferentiablePointsTest {

  private static double[] gradient(java.util.function.UnaryOperator<Tensor> f, double... at) {
    Tensor x = Tensor.of(at).requiresGrad();
    return Autodiff.grad(f.apply(x).sum(), List.of(x)).get(x).value().toDoubleArray();
  }

  @Test
  void reluAndAbsHaveZeroGradientAtZero() {
    assertEquals(0, gradient(Tensor::relu, 0)[0]);
    assertEquals(0, gradient(Tensor::abs, 0)[0]);
  }

  @Test
  void leakyReluUsesTheSlopeAtZero() {
    assertEquals(0.1, gradient(x -> x.leakyRelu(0.1), 0)[0], 1e-15);
  }

  @Test
  void maxReductionSplitsTiesEvenly() {
    double[] g = gradient(x -> x.max(), 3, 1, 3, 3);
    assertEquals(List.of(1 / 3.0, 0.0, 1 / 3.0, 1 / 3.0), List.of(g[0], g[1], g[2], g[3]));
  }

  @Test
  void maximumAndMinimumSendTiesToTheSecondArgument() {
    Tensor a = Tensor.scalar(2).requiresGrad();
    Tensor b = Tensor.scalar(2).requiresGrad();
    List<Tensor> g = Autodiff.grad(a.maximum(b), List.of(a, b)).asList();
    assertEquals(0, g.get(0).item());
    assertEquals(1, g.get(1).item());
    g = Autodiff.grad(a.minimum(b), List.of(a, b)).asList();
    assertEquals(0, g.get(0).item());
    assertEquals(1, g.get(1).item());
  }

  @Test
  void clampPassesTheGradientAtItsBoundsAndStopsItOutside() {
    double[] g = gradient(x -> x.clamp(-1, 1), -1, 1, -1.5, 1.5, 0);
    assertEquals(List.of(1.0, 1.0, 0.0, 0.0, 1.0), List.of(g[0], g[1], g[2], g[3], g[4]));
  }
}
