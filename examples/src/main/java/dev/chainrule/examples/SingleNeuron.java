package dev.chainrule.examples;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;

/**
 * One gradient-descent step on a single weight: input {@code x = 2}, weight {@code w = 0.5}, target
 * {@code y = 4}, loss {@code (y - w·x)²}, learning rate 0.1. Prints loss 9, gradient -12 and updated
 * weight 1.7 (the article "Why Backpropagation Is the Brain Behind Modern AI").
 */
public final class SingleNeuron {
  private static final double LEARNING_RATE = 0.1;

  private SingleNeuron() {}

  /**
   * The numbers of one step.
   *
   * @param loss the loss before the step
   * @param gradient ∂loss/∂w
   * @param updatedWeight {@code w - learningRate · gradient}
   * @param lossAfter the loss at the updated weight
   */
  public record Result(double loss, double gradient, double updatedWeight, double lossAfter) {}

  /** Runs the forward pass, the backward pass and one update. */
  public static Result run() {
    Tensor x = Tensor.scalar(2);
    Tensor y = Tensor.scalar(4);
    Tensor w = Tensor.scalar(0.5).requiresGrad();

    Tensor loss = y.sub(w.mul(x)).square();
    loss.backward();

    Tensor updated;
    try (GradScope noGrad = Autodiff.noGrad()) {
      updated = w.sub(w.grad().mul(LEARNING_RATE));
    }
    double lossAfter = y.sub(updated.mul(x)).square().item();
    return new Result(loss.item(), w.grad().item(), updated.item(), lossAfter);
  }

  /** Prints the loss, the gradient and the updated weight. */
  public static void main(String[] args) {
    Result r = run();
    System.out.printf("loss = (4 - 0.5*2)^2 = %.4g%n", r.loss());
    System.out.printf("dloss/dw = -2*(y - w*x)*x = %.4g%n", r.gradient());
    System.out.printf("w <- w - 0.1 * dloss/dw = %.4g (loss after the step: %.4g)%n", r.updatedWeight(), r.lossAfter());
  }
}
