package dev.chainrule.examples;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Batch;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.train.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Per-example gradients by {@code vmap}, and the training they make possible: differentially private SGD
 * (DP-SGD, Abadi et al. 2016) of the 784-128-64-10 MNIST network. Each step takes every example's own
 * gradient in one batched pass (vmap of a function that calls {@code grad}), scales each to norm at most
 * {@link #CLIP}, sums them, adds Gaussian noise of standard deviation {@code σ·C} and takes an SGD step
 * with the noisy mean. It prints how much faster vmap is than a loop of single-example backward passes
 * (and that both give the same gradients), then per epoch the test accuracy, the median per-example
 * gradient norm and the fraction of examples clipped. (The privacy accounting, which turns σ, the batch
 * and the epochs into an (ε, δ) guarantee, is out of scope.) Run with
 * {@code mvn -B -q -pl examples -am package -DskipTests exec:java -Dexample=dev.chainrule.examples.PrivateMnist},
 * adding {@code -Depochs=N} to change the number of epochs.
 */
public final class PrivateMnist {
  static final int BATCH = 64;
  /** C: each example's gradient is scaled to this norm when it is longer. */
  static final double CLIP = 1.0;
  /** σ: the noise added to the sum of clipped gradients has standard deviation σ·C. */
  static final double NOISE = 1.0;
  static final double LEARNING_RATE = 0.1;
  private static final long SEED = 42;

  private final Sequential model;
  private final List<Parameter> parameters;
  private final Function<List<Tensor>, List<Tensor>> perExample;
  private final Function<List<Tensor>, List<Tensor>> gradient;
  private final Random noise;

  PrivateMnist(Sequential model, long seed) {
    this.model = model;
    this.parameters = model.parameters();
    // the gradient of one example's loss: image [784] and label [] → one gradient per parameter (each step
    // updates the parameters, so their tensors are read at every call)
    this.gradient = xy -> Autodiff.grad(
        CrossEntropy.mean().apply(model.forward(xy.get(0).unsqueeze(0)), xy.get(1).unsqueeze(0)),
        parameters.stream().map(Parameter::tensor).toList()).asList();
    this.perExample = Autodiff.vmap(gradient, List.of(0, 0), Collections.nCopies(parameters.size(), 0));
    this.noise = new Random(seed);
  }

  /** Every example's gradients at once: one tensor per parameter, with the examples along axis 0. */
  List<Tensor> perExampleGradients(Tensor images, Tensor labels) {
    return perExample.apply(List.of(images, labels));
  }

  /** The same by a loop of single-example backward passes, stacked like {@link #perExampleGradients}. */
  List<Tensor> loopGradients(Tensor images, Tensor labels) {
    List<List<Tensor>> rows = new ArrayList<>();
    for (int i = 0; i < images.shape().dim(0); i++) {
      rows.add(gradient.apply(List.of(images.slice(0, i, i + 1).squeeze(0), labels.slice(0, i, i + 1).squeeze(0))));
    }
    List<Tensor> stacked = new ArrayList<>();
    for (int p = 0; p < parameters.size(); p++) {
      int k = p;
      stacked.add(Tensor.stack(0, rows.stream().map(row -> row.get(k)).toArray(Tensor[]::new)));
    }
    return stacked;
  }

  /** Each example's gradient norm over all parameters, {@code [N]}. */
  static Tensor norms(List<Tensor> perExample) {
    Tensor squares = null;
    for (Tensor g : perExample) {
      Tensor rows = g.reshape(g.shape().dim(0), -1).square().sum(1);
      squares = squares == null ? rows : squares.add(rows);
    }
    return squares.sqrt();
  }

  /** One DP-SGD step on a batch; returns the per-example gradient norms before clipping. */
  NdArray step(Tensor images, Tensor labels) {
    List<Tensor> grads = perExampleGradients(images, labels);
    try (GradScope off = Autodiff.noGrad()) {
      Tensor norms = norms(grads);
      int n = norms.shape().dim(0);
      Tensor scale = norms.maximum(Tensor.scalar(CLIP, norms.dtype())).reciprocal().mul(CLIP); // min(1, C/‖g‖)
      for (int p = 0; p < parameters.size(); p++) {
        Parameter parameter = parameters.get(p);
        Tensor g = grads.get(p);
        // Σ_i scale_i·g_i as one product: [1, N] · [N, size]
        Tensor clippedSum = scale.unsqueeze(0).matmul(g.reshape(n, -1)).reshape(parameter.shape());
        Tensor noisy = clippedSum.add(Tensor.randn(parameter.shape(), parameter.dtype(), noise).mul(NOISE * CLIP));
        parameter.update(parameter.tensor().sub(noisy.mul(LEARNING_RATE / n)).value());
      }
      return norms.value();
    }
  }

  /** The fraction of {@code data} classified correctly. */
  double accuracy(Dataset data) {
    try (GradScope off = Autodiff.noGrad()) {
      return Metric.accuracy().compute(model.forward(Tensor.of(data.features())), Tensor.of(data.targets()));
    }
  }

  /** One epoch's figures: test accuracy, median per-example gradient norm, fraction of examples clipped, seconds. */
  record Epoch(int number, double accuracy, double medianNorm, double clipped, double seconds) {}

  /** Trains for {@code epochs} on shuffled batches of {@code data.train()}, scoring {@code data.test()} after each. */
  List<Epoch> train(MnistData data, int epochs) {
    List<Epoch> history = new ArrayList<>();
    DataLoader loader = DataLoader.shuffled(data.train(), BATCH, SEED);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      List<Double> norms = new ArrayList<>();
      for (Batch batch : loader) {
        for (double norm : step(batch.features(), batch.targets()).toDoubleArray()) {
          norms.add(norm);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] sorted = norms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double clipped = Arrays.stream(sorted).filter(v -> v > CLIP).count() / (double) sorted.length;
      history.add(new Epoch(epoch, accuracy(data.test()), sorted[sorted.length / 2], clipped, seconds));
    }
    return history;
  }

  /** Median wall time, in milliseconds, of {@code runs} runs of {@code work} after {@code warmUp} untimed ones. */
  static double medianMillis(Runnable work, int warmUp, int runs) {
    for (int i = 0; i < warmUp; i++) {
      work.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  /** The largest absolute difference between two lists of tensors of equal shapes. */
  static double largestDifference(List<Tensor> a, List<Tensor> b) {
    double largest = 0;
    for (int p = 0; p < a.size(); p++) {
      largest = Math.max(largest, a.get(p).sub(b.get(p)).abs().max().item());
    }
    return largest;
  }

  /** Compares vmap with the loop on one batch, then trains for {@code -Depochs} epochs (default 3). */
  public static void main(String[] args) {
    int epochs = Integer.getInteger("epochs", 3);
    MnistData data = MnistData.load();
    PrivateMnist dp = new PrivateMnist(MnistWideMlp.network(SEED), SEED);
    Tensor images = Tensor.of(data.train().features()).slice(0, 0, BATCH);
    Tensor labels = Tensor.of(data.train().targets()).slice(0, 0, BATCH);
    double vmap = medianMillis(() -> dp.perExampleGradients(images, labels), 30, 21);
    double loop = medianMillis(() -> dp.loopGradients(images, labels), 10, 11);
    double difference = largestDifference(dp.perExampleGradients(images, labels), dp.loopGradients(images, labels));
    System.out.printf(Locale.ROOT, "per-example gradients of %d images, %,d parameters each: vmap %.1f ms, loop %.1f ms"
        + " (%.1f× faster); largest difference %.1e%n", BATCH, dp.model.parameterCount(), vmap, loop, loop / vmap,
        difference);
    System.out.printf(Locale.ROOT, "DP-SGD: clip C = %.1f, noise σ = %.1f, batch %d, learning rate %.2f, %d epochs%n",
        CLIP, NOISE, BATCH, LEARNING_RATE, epochs);
    for (Epoch e : dp.train(data, epochs)) {
      System.out.printf(Locale.ROOT, "epoch %d: test accuracy %.2f %%, median gradient norm %.2f, %.0f %% clipped,"
          + " %.1f s%n", e.number(), 100 * e.accuracy(), e.medianNorm(), 100 * e.clipped(), e.seconds());
    }
  }
}
