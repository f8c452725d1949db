package dev.chainrule.bench;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Per-example gradients of the peer suite's MLP (784-128-64-10, ReLU, float32, MSE, a batch of 64): every
 * parameter's gradient for each example separately, by {@code vmap} of a function that calls
 * {@code grad} (one batched forward and backward pass) and by a Java loop of 64 single-example backward
 * passes. Median of 15 timed runs after 3 s of warm-up each; prints
 * {@code chainrule per_sample_grads batch=64 vmap_ms=… loop_ms=… speedup=…}.
 *
 * <p>Usage: {@code PerSampleGradients [batch]}.
 */
public final class PerSampleGradients {
  private PerSampleGradients() {}

  /** Runs both ways and prints their medians. */
  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : MlpWorkload.BATCH;
    Random random = new Random(42);
    Sequential network = Sequential.of(
        Linear.create(784, 128, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(128, 64, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(64, 10, DType.FLOAT32, Init.heNormal(), random));
    List<Tensor> parameters = network.parameters().stream().map(Parameter::tensor).toList();
    Tensor inputs = Tensor.of(NdArray.uniform(Shape.of(batch, 784), DType.FLOAT32, 0, 1, random));
    Tensor targets = Tensor.of(NdArray.uniform(Shape.of(batch, 10), DType.FLOAT32, 0, 1, random));
    MeanSquaredError mse = MeanSquaredError.mean();
    Function<List<Tensor>, List<Tensor>> gradients =
        xy -> Autodiff.grad(mse.apply(network.forward(xy.get(0)), xy.get(1)), parameters).asList();
    Function<List<Tensor>, List<Tensor>> perExample = Autodiff.vmap(
        gradients, List.of(0, 0), Collections.nCopies(parameters.size(), 0));

    double vmap = Timings.medianMillis(() -> perExample.apply(List.of(inputs, targets)), 3, 15);
    double loop = Timings.medianMillis(() -> {
      List<List<Tensor>> all = new ArrayList<>(batch);
      for (int b = 0; b < batch; b++) {
        all.add(gradients.apply(List.of(inputs.slice(0, b, b + 1).squeeze(0), targets.slice(0, b, b + 1).squeeze(0))));
      }
    }, 3, 15);
    System.out.printf(Locale.ROOT, "chainrule per_sample_grads batch=%d vmap_ms=%.2f loop_ms=%.2f speedup=%.1f%n",
        batch, vmap, loop, loop / vmap);
  }
}
