package dev.chainrule.examples;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * The 1-1-1 logistic network of the article "Understanding Backpropagation in Deep Learning
 * Networks": input 0.2, target 0.7, weights {@code w21 = 0.2, w20 = 0.1, w32 = 0.3, w30 = 0.1}, error
 * {@code E = ½(T - o3)²}. The engine computes the activations, the deltas ∂E/∂net, the four weight
 * gradients and one gradient-descent step (η = 0.1), and {@link GradCheck} confirms the gradients.
 *
 * <p>The document's printed gradients have the wrong sign; {@link #main} prints one line on why.
 */
public final class SigmoidNetwork {
  private static final double INPUT = 0.2;
  private static final double TARGET = 0.7;
  private static final double ETA = 0.1;

  // the document's sign mistake, in one line
  private static final String SEED_SLIP =
      "The seed prints these gradients with the opposite sign (+0.01779 for w32) and steps w32 to 0.298221:"
          + " it takes delta = (o - T)*f' but then dE/dw = -delta*o, the formula for delta = (T - o)*f',"
          + " and applies w <- w - eta*grad; the true descent step gives 0.301778, which lowers E.";

  private SigmoidNetwork() {}

  /** The graph of one forward pass: net inputs, activations and the error. */
  private record Forward(Tensor net2, Tensor o2, Tensor net3, Tensor o3, Tensor error) {}

  /**
   * The numbers the example prints.
   *
   * @param o2 hidden activation
   * @param o3 output activation
   * @param error {@code ½(T - o3)²}
   * @param delta3 ∂E/∂net3, the output neuron's delta
   * @param delta2 ∂E/∂net2, the hidden neuron's delta
   * @param dw32 ∂E/∂w32
   * @param dw30 ∂E/∂w30
   * @param dw21 ∂E/∂w21
   * @param dw20 ∂E/∂w20
   * @param w32Updated {@code w32 - η·∂E/∂w32}
   * @param errorAfter E after stepping all four weights
   * @param errorAtSeedW32 E with the document's {@code w32 = 0.298221} (the other weights unchanged)
   * @param check GradCheck's comparison of the four gradients with central differences
   */
  public record Result(
      double o2, double o3, double error, double delta3, double delta2,
      double dw32, double dw30, double dw21, double dw20,
      double w32Updated, double errorAfter, double errorAtSeedW32, GradCheck.Result check) {}

  private static Forward forward(Tensor w21, Tensor w20, Tensor w32, Tensor w30) {
    Tensor net2 = Tensor.scalar(INPUT).mul(w21).add(w20);
    Tensor o2 = net2.sigmoid();
    Tensor net3 = o2.mul(w32).add(w30);
    Tensor o3 = net3.sigmoid();
    Tensor error = Tensor.scalar(TARGET).sub(o3).square().mul(0.5);
    return new Forward(net2, o2, net3, o3, error);
  }

  private static Tensor error(List<Tensor> w) {
    return forward(w.get(0), w.get(1), w.get(2), w.get(3)).error();
  }

  /** Runs the forward pass, backward pass, update and gradient check. */
  public static Result run() {
    Tensor w21 = Tensor.scalar(0.2).requiresGrad();
    Tensor w20 = Tensor.scalar(0.1).requiresGrad();
    Tensor w32 = Tensor.scalar(0.3).requiresGrad();
    Tensor w30 = Tensor.scalar(0.1).requiresGrad();
    Forward f = forward(w21, w20, w32, w30);

    // the deltas are gradients with respect to intermediate nodes; keep the graph for backward() next
    Gradients deltas = Autodiff.grad(f.error(), List.of(f.net3(), f.net2()), GradOptions.retainingGraph());
    f.error().backward();

    List<Tensor> stepped;
    try (GradScope noGrad = Autodiff.noGrad()) {
      stepped = List.of(step(w21), step(w20), step(w32), step(w30));
    }
    double errorAfter = error(stepped).item();
    double seedW32 = 0.298221;
    double errorAtSeedW32 = error(List.of(w21, w20, Tensor.scalar(seedW32), w30)).item();

    List<NdArray> weights = List.of(w21.value(), w20.value(), w32.value(), w30.value());
    GradCheck.Result check = GradCheck.check(SigmoidNetwork::error, weights);

    return new Result(
        f.o2().item(), f.o3().item(), f.error().item(),
        deltas.get(f.net3()).item(), deltas.get(f.net2()).item(),
        w32.grad().item(), w30.grad().item(), w21.grad().item(), w20.grad().item(),
        stepped.get(2).item(), errorAfter, errorAtSeedW32, check);
  }

  private static Tensor step(Tensor w) {
    return w.sub(w.grad().mul(ETA));
  }

  /** Prints the forward pass, deltas, gradients, the update and the gradient check. */
  public static void main(String[] args) {
    Result r = run();
    System.out.printf("forward:   o2 = %.6g, o3 = %.6g, E = %.6g%n", r.o2(), r.o3(), r.error());
    System.out.printf("deltas:    dE/dnet3 = %.6g, dE/dnet2 = %.6g%n", r.delta3(), r.delta2());
    System.out.printf("gradients: dE/dw32 = %.6g, dE/dw30 = %.6g%n", r.dw32(), r.dw30());
    System.out.printf("           dE/dw21 = %.6g, dE/dw20 = %.6g%n", r.dw21(), r.dw20());
    System.out.printf("update:    w32 <- 0.3 - %.1f * dE/dw32 = %.6f%n", ETA, r.w32Updated());
    System.out.printf("           E after stepping all four weights: %.6g (was %.6g)%n", r.errorAfter(), r.error());
    System.out.println("gradient check (inputs 0-3: w21, w20, w32, w30): " + (r.check().passed() ? "passed" : "FAILED"));
    System.out.println(r.check());
    System.out.println(SEED_SLIP);
    System.out.printf("           (E at the seed's w32 = 0.298221 would be %.6g, higher)%n", r.errorAtSeedW32());
  }
}
