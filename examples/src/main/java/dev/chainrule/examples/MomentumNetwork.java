package dev.chainrule.examples;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The 2-2-1 sigmoid network of the article "Understanding Backpropagation: A Deep Dive into Neural
 * Network Learning": inputs {@code [0.5, 0.8]}, target 0.7, no biases, input-to-hidden weights 0.2, 0.4
 * (from input 1) and 0.3, 0.1 (from input 2), hidden-to-output weights 0.6 and 0.5. The document's forward
 * pass gives hidden 0.584 and 0.570 and output 0.654.
 *
 * <p>The network is then trained with the momentum rule of Rumelhart, Hinton &amp; Williams (1986) that
 * the document quotes, {@code Δw(t) = -ε ∂E/∂w + α Δw(t-1)} ({@link Sgd#withMomentum}), on
 * {@code E = ½(T - o)²} ({@link MeanSquaredError#halfSum()}), until E is below 0.0001. The document gives
 * no ε or α; this uses ε = 0.5 and α = 0.9, the values of the 1986 paper's experiments, and also counts the
 * steps plain gradient descent (α = 0) needs with the same ε.
 */
public final class MomentumNetwork {
  private static final NdArray INPUT = NdArray.of(new double[][] {{0.5, 0.8}});
  private static final NdArray TARGET = NdArray.of(new double[][] {{0.7}});
  private static final double LEARNING_RATE = 0.5;
  private static final double MOMENTUM = 0.9;
  private static final double GOAL = 1e-4;
  private static final int MAX_STEPS = 10_000;
  private static final Loss ERROR = MeanSquaredError.halfSum();

  private MomentumNetwork() {}

  /**
   * The numbers the example prints.
   *
   * @param hidden1 the first hidden activation before training
   * @param hidden2 the second hidden activation before training
   * @param output the output before training
   * @param errors E before training (index 0) and after each momentum step
   * @param steps momentum steps until E < 0.0001
   * @param stepsWithoutMomentum plain gradient-descent steps (same ε, α = 0) until E < 0.0001
   * @param chart the PNG of the error curve
   */
  public record Result(
      double hidden1, double hidden2, double output, List<Double> errors, int steps, int stepsWithoutMomentum, Path chart) {
    /** Copies the errors. */
    public Result {
      errors = List.copyOf(errors);
    }
  }

  /** The network with the document's weights: a hidden sigmoid layer, then a sigmoid output unit. */
  static Sequential network() {
    Sequential hidden = Sequential.of(layer(new double[][] {{0.2, 0.3}, {0.4, 0.1}}), Activation.sigmoid());
    return Sequential.of(hidden, layer(new double[][] {{0.6, 0.5}}), Activation.sigmoid());
  }

  /** A layer without bias holding {@code weights}, laid out {@code [out, in]}: row j holds w_j1, w_j2, … */
  private static Linear layer(double[][] weights) {
    Linear layer = Linear.withoutBias(weights[0].length, weights.length, DType.FLOAT64, Init.zeros(), new Random(0));
    layer.loadStateDict(Map.of("weight", NdArray.of(weights)));
    return layer;
  }

  /** Trains a fresh network with {@code rule}; returns E before training and after each step. */
  static List<Double> train(Sgd rule) {
    Sequential network = network();
    Optimizer optimizer = Optimizer.create(rule, network.parameters());
    List<Double> errors = new ArrayList<>();
    for (int step = 0; step <= MAX_STEPS; step++) {
      Tensor error = ERROR.apply(network.forward(Tensor.of(INPUT)), Tensor.of(TARGET));
      errors.add(error.item());
      if (error.item() < GOAL) {
        return errors;
      }
      error.backward();
      optimizer.step();
    }
    throw new IllegalStateException("momentumNetwork: E is still " + errors.get(MAX_STEPS) + " after " + MAX_STEPS + " steps");
  }

  /** Runs the forward pass and both trainings, writing the error curve into {@code outputDir}. */
  public static Result run(Path outputDir) {
    Sequential network = network();
    NdArray hidden = network.layers().get(0).forward(Tensor.of(INPUT)).value();
    Tensor output = network.forward(Tensor.of(INPUT));
    List<Double> errors = train(Sgd.withMomentum(LEARNING_RATE, MOMENTUM));
    int plainSteps = train(Sgd.of(LEARNING_RATE)).size() - 1;
    Path chart = Charts.saveCurve(errors.subList(1, errors.size()), "2-2-1 network, momentum (ε 0.5, α 0.9)",
        "E = ½(T - o)² after the step", true, outputDir.resolve("momentum-network-error.png"));
    return new Result(hidden.get(0, 0), hidden.get(0, 1), output.item(), errors, errors.size() - 1, plainSteps, chart);
  }

  /** Prints the forward pass, the error curve and the step counts. */
  public static void main(String[] args) {
    Result r = run(Path.of("output"));
    System.out.printf("hidden: y1 = %.3f, y2 = %.3f; output: %.3f (target 0.7)%n", r.hidden1(), r.hidden2(), r.output());
    int every = Math.max(1, r.steps() / 20);
    for (int step = 0; step <= r.steps(); step++) {
      if (step % every == 0 || step == r.steps()) {
        System.out.printf("step %4d   E = %.6g%n", step, r.errors().get(step));
      }
    }
    System.out.printf("momentum (ε %.1f, α %.1f): E < %.4f after %d steps; plain gradient descent (α 0): %d steps%n",
        LEARNING_RATE, MOMENTUM, GOAL, r.steps(), r.stepsWithoutMomentum());
    System.out.println("error curve: " + r.chart());
  }
}
