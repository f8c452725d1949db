package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.layer.Embedding;
import dev.chainrule.nn.layer.Flatten;
import dev.chainrule.nn.layer.LayerNorm;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.Lstm;
import dev.chainrule.nn.layer.MaxPool2d;
import dev.chainrule.nn.layer.RecurrentOptions;
import dev.chainrule.nn.loss.CrossEntropy;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Per-example gradients of whole models, by {@code vmap} of a function that calls {@code grad}, equal the
 * loop of single-example gradients in float64, with class-index targets that differ per example: an MLP, a
 * small CNN (convolution, max-pooling) and an embedding + LSTM + layer-norm sequence classifier.
 */
class PerExampleGradientsTest {
  private static final int BATCH = 5;
  private final Random random = new Random(11);

  @Test
  void anMlpsPerExampleGradientsEqualTheLoop() {
    Sequential model = Sequential.of(
        Linear.create(6, 8, DType.FLOAT64, Init.heNormal(), random), Activation.tanh(),
        Linear.create(8, 3, DType.FLOAT64, Init.heNormal(), random));
    check(model, x -> x.unsqueeze(0), randn(BATCH, 6), 3);
  }

  @Test
  void aCnnsPerExampleGradientsEqualTheLoop() {
    Sequential model = Sequential.of(
        Conv2d.create(1, 2, 3, 1, 1, DType.FLOAT64, Init.heNormal(), random), Activation.relu(),
        MaxPool2d.of(2), new Flatten(), Linear.create(2 * 3 * 3, 4, DType.FLOAT64, Init.heNormal(), random));
    check(model, x -> x.unsqueeze(0), randn(BATCH, 1, 6, 6), 4);
  }

  @Test
  void aSequenceModelsPerExampleGradientsEqualTheLoop() {
    Embedding embedding = Embedding.withPaddingIndex(7, 4, 0, DType.FLOAT64, random);
    Lstm lstm = Lstm.create(RecurrentOptions.of(4, 5).withBatchFirst(true).withDType(DType.FLOAT64), random);
    LayerNorm norm = LayerNorm.create(5, DType.FLOAT64);
    Linear head = Linear.create(5, 3, DType.FLOAT64, Init.heNormal(), random);
    Module model = Sequential.of(embedding, lstm, norm, new LastStep(), head);
    double[] tokens = new double[BATCH * 6];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = random.nextInt(7);
    }
    check(model, x -> x.unsqueeze(0), Tensor.of(NdArray.of(Shape.of(BATCH, 6), tokens)), 3);
  }

  /** The output at the last step of {@code [N, T, H]}: {@code [N, H]}. */
  private static final class LastStep implements Module {
    @Override
    public Tensor forward(Tensor x) {
      int steps = x.shape().dim(1);
      return x.slice(1, steps - 1, steps).squeeze(1);
    }
  }

  /** vmap of the per-example gradient of cross-entropy against the loop over the batch. */
  private void check(Module model, UnaryOperator<Tensor> asBatchOfOne, Tensor inputs, int classes) {
    double[] labels = new double[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = random.nextInt(classes);
    }
    Tensor targets = Tensor.of(labels);
    List<Tensor> parameters = model.parameters().stream().map(Parameter::tensor).toList();
    Function<List<Tensor>, List<Tensor>> gradient = xy -> Autodiff.grad(
        CrossEntropy.mean().apply(model.forward(asBatchOfOne.apply(xy.get(0))), xy.get(1).unsqueeze(0)),
        parameters).asList();
    List<Tensor> perExample = Autodiff.vmap(gradient, List.of(0, 0), Collections.nCopies(parameters.size(), 0))
        .apply(List.of(inputs, targets));
    for (int b = 0; b < BATCH; b++) {
      List<Tensor> one = gradient.apply(List.of(inputs.slice(0, b, b + 1).squeeze(0), targets.slice(0, b, b + 1).squeeze(0)));
      for (int p = 0; p < parameters.size(); p++) {
        double[] expected = one.get(p).value().toDoubleArray();
        double[] actual = perExample.get(p).slice(0, b, b + 1).squeeze(0).value().toDoubleArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-12 * (1 + Math.abs(expected[i])),
              "parameter " + p + ", example " + b + ", element " + i);
        }
      }
    }
  }

  private Tensor randn(int... dims) {
    return Tensor.randn(Shape.of(dims), DType.FLOAT64, random);
  }
}
