package dev.chainrule.examples;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A custom op written with the public API, checked, and trained with: softplus {@code ln(1 + e^x)} as an
 * {@link Op.Unary} whose forward uses {@code Math.log1p}/{@code Math.exp} split by sign (so neither
 * {@code e^x} for large x nor {@code 1 + e^x ≈ 1} for very negative x loses the answer), and whose backward
 * {@code grad · σ(x)} is written in tensor operations, so its second derivative comes for free.
 * {@link GradCheck} compares both orders with central differences; then the op is the activation of a
 * 1-16-1 network fitted to {@code sin x} on {@code [-3, 3]}.
 */
public final class CustomOpExample {
  private static final int STEPS = 500;

  private CustomOpExample() {}

  /** Softplus {@code ln(1 + e^x)}: {@code ln(1 + e^x)} for x ≤ 0, {@code x + ln(1 + e^-x)} above. */
  public record Softplus() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x.map(v -> v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.mul(x.sigmoid()); // softplus'(x) = σ(x)
    }
  }

  /**
   * The numbers the example prints.
   *
   * @param firstOrder GradCheck of the gradient against central differences
   * @param secondOrder GradCheck of the gradient's gradient
   * @param losses the training loss (mean squared error) before each step, and after the last
   */
  public record Result(GradCheck.Result firstOrder, GradCheck.Result secondOrder, List<Double> losses) {}

  /** Applies the custom op. */
  public static Tensor softplus(Tensor x) {
    return Tensor.apply(new Softplus(), x);
  }

  /** Checks the op, then trains the network for {@value #STEPS} full-batch Adam steps. */
  public static Result run() {
    NdArray at = NdArray.of(-30, -4, -1.5, -0.2, 0.3, 2, 5, 30);
    GradCheck.Result first = GradCheck.check(CustomOpExample::softplus, at);
    GradCheck.Result second = GradCheck.defaults().runSecondOrder(xs -> softplus(xs.get(0)), List.of(at));

    Random random = new Random(7);
    Module activation = CustomOpExample::softplus;  // an op becomes a layer: Module has one abstract method
    Sequential model = Sequential.of(Linear.create(1, 16, random), activation, Linear.create(16, 1, random));
    NdArray xs = NdArray.uniform(Shape.of(64, 1), DType.FLOAT64, -3, 3, random);
    Tensor x = Tensor.of(xs);
    Tensor y = Tensor.of(xs.map(Math::sin));
    Optimizer optimizer = Optimizer.create(Adam.of(0.02), model.parameters());
    List<Double> losses = new ArrayList<>();
    for (int step = 0; step <= STEPS; step++) {
      Tensor loss = MeanSquaredError.mean().apply(model.forward(x), y);
      losses.add(loss.item());
      if (step < STEPS) {
        loss.backward();
        optimizer.step();
      }
    }
    return new Result(first, second, losses);
  }

  /** Prints the checks and the loss every 50 steps. */
  public static void main(String[] args) {
    Result r = run();
    System.out.printf("softplus(-40) = %.6g, softplus(800) = %.1f; naive ln(1 + e^x) gives %s and %s%n",
        softplus(Tensor.of(-40)).item(), softplus(Tensor.of(800)).item(), Math.log(1 + Math.exp(-40)), Math.log(1 + Math.exp(800)));
    System.out.println("first-order check:  " + (r.firstOrder().passed() ? "passed" : "FAILED"));
    System.out.println(r.firstOrder());
    System.out.println("second-order check: " + (r.secondOrder().passed() ? "passed" : "FAILED"));
    System.out.println(r.secondOrder());
    System.out.println("1-16-1 softplus network fitting sin x on [-3, 3], Adam lr 0.02, full batch of 64:");
    for (int step = 0; step <= STEPS; step += 50) {
      System.out.printf("step %3d   mse %.6f%n", step, r.losses().get(step));
    }
  }
}
