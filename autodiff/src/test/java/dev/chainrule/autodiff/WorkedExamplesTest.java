package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Example;

/** The worked examples of micrograd's README and of the backpropagation articles, pinned to their printed digits. */
class WorkedExamplesTest {

  @Example
  void microgradReadmeExpressionGivesItsPublishedGradients() {
    Tensor a = Tensor.scalar(-4).requiresGrad();
    Tensor b = Tensor.scalar(2).requiresGrad();
    Tensor c = a.add(b);
    Tensor d = a.mul(b).add(b.pow(3));
    c = c.add(c).add(1);
    c = c.add(1).add(c).sub(a);
    d = d.add(d.mul(2)).add(b.add(a).relu());
    d = d.add(d.mul(3)).add(b.sub(a).relu());
    Tensor e = c.sub(d);
    Tensor f = e.pow(2);
    Tensor g = f.div(2).add(Tensor.scalar(10).div(f));
    g.backward();

    assertEquals(24.7041, g.item(), 5e-5);
    assertEquals(138.8338, a.grad().item(), 5e-5);
    assertEquals(645.5773, b.grad().item(), 5e-5);
  }

  @Example
  void microgradSanityCheckGivesMinusTwentyAndFortySix() {
    Tensor x = Tensor.scalar(-4).requiresGrad();
    Tensor z = x.mul(2).add(2).add(x);
    Tensor q = z.relu().add(z.mul(x));
    Tensor h = z.mul(z).relu();
    Tensor y = h.add(q).add(q.mul(x));
    y.backward();

    assertEquals(-20, y.item(), 1e-12);
    assertEquals(46, x.grad().item(), 1e-12);
  }

  /** The 1-1-1 logistic network of "Understanding Backpropagation in Deep Learning Networks", computed exactly in float64. */
  private static Tensor sigmoidNetworkError(List<Tensor> w) {
    Tensor w21 = w.get(0);
    Tensor w20 = w.get(1);
    Tensor w32 = w.get(2);
    Tensor w30 = w.get(3);
    Tensor o2 = w21.mul(0.2).add(w20).sigmoid();
    Tensor o3 = w32.mul(o2).add(w30).sigmoid();
    return Tensor.scalar(0.7).sub(o3).square().mul(0.5);
  }

  @Example
  void seedSigmoidNetworkGradientsAreTheTrueOnes() {
    List<Tensor> w = List.of(
        Tensor.scalar(0.2).requiresGrad(), Tensor.scalar(0.1).requiresGrad(),
        Tensor.scalar(0.3).requiresGrad(), Tensor.scalar(0.1).requiresGrad());
    Tensor o2 = w.get(0).mul(0.2).add(w.get(1)).sigmoid();
    Tensor o3 = w.get(2).mul(o2).add(w.get(3)).sigmoid();
    assertEquals(0.534943, o2.item(), 5e-7);
    assertEquals(0.564755, o3.item(), 5e-7);

    Tensor error = sigmoidNetworkError(w);
    List<Tensor> g = Autodiff.grad(error, w).asList();

    assertEquals(0.00914561, error.item(), 5e-9);
    assertEquals(-0.000496227, g.get(0).item(), 5e-10);
    assertEquals(-0.00248113, g.get(1).item(), 5e-9);
    assertEquals(-0.0177837, g.get(2).item(), 5e-8);
    assertEquals(-0.0332441, g.get(3).item(), 5e-8);
  }

  @Example
  void descentStepOnTheSeedNetworkLowersTheErrorWhereTheSeedsStepRaisesIt() {
    double[] start = {0.2, 0.1, 0.3, 0.1};
    List<Tensor> w = leaves(start);
    Tensor error = sigmoidNetworkError(w);
    List<Tensor> g = Autodiff.grad(error, w).asList();
    double[] stepped = new double[4];
    for (int i = 0; i < 4; i++) {
      stepped[i] = start[i] - 0.1 * g.get(i).item();
    }
    assertEquals(0.301778, stepped[2], 5e-7);
    assertTrue(sigmoidNetworkError(leaves(stepped)).item() < error.item());

    // the seed moves w32 to 0.298221 (the opposite sign): that step raises the error
    double[] seeds = start.clone();
    seeds[2] = 0.298221;
    assertTrue(sigmoidNetworkError(leaves(seeds)).item() > error.item());
  }

  private static List<Tensor> leaves(double[] values) {
    return List.of(
        Tensor.scalar(values[0]).requiresGrad(), Tensor.scalar(values[1]).requiresGrad(),
        Tensor.scalar(values[2]).requiresGrad(), Tensor.scalar(values[3]).requiresGrad());
  }
}
