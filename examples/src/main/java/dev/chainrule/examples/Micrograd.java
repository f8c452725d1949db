package dev.chainrule.examples;

import dev.chainrule.autodiff.Tensor;

/**
 * The expression from micrograd's README, differentiated by Chainrule: prints {@code g = 24.7041},
 * {@code dg/da = 138.8338} and {@code dg/db = 645.5773}.
 *
 * <p>Each scalar is a rank-0 tensor; {@code g.backward()} fills {@code a.grad()} and {@code b.grad()}.
 */
public final class Micrograd {
  private Micrograd() {}

  /**
   * The value of {@code g} and its derivatives.
   *
   * @param g the value of the expression
   * @param dgda ∂g/∂a
   * @param dgdb ∂g/∂b
   */
  public record Result(double g, double dgda, double dgdb) {}

  /** Builds the expression at {@code a = -4, b = 2} and backpropagates through it. */
  public static Result run() {
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
    return new Result(g.item(), a.grad().item(), b.grad().item());
  }

  /** Prints {@code g} and its gradient. */
  public static void main(String[] args) {
    Result r = run();
    System.out.printf("g = %.4f%n", r.g());
    System.out.printf("dg/da = %.4f%n", r.dgda());
    System.out.printf("dg/db = %.4f%n", r.dgdb());
  }
}
