package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Batch;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.io.Checkpoint;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's nn tour, snippet by snippet: it compiles, and the values it quotes hold. */
class ReadmeNnTourTest {

  /** Three separated Gaussian blobs in 2-D, labelled 0, 1, 2. */
  private static Dataset blobs() {
    Random random = new Random(3);
    double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
    int n = 300;
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      x[2 * i] = centres[c][0] + 0.6 * random.nextGaussian();
      x[2 * i + 1] = centres[c][1] + 0.6 * random.nextGaussian();
      y[i] = c;
    }
    return new Dataset(NdArray.of(Shape.of(n, 2), x), NdArray.of(Shape.of(n), y));
  }

  private static Sequential model() {
    Random random = new Random(42);                                   // every initialiser takes a seeded Random
    Sequential model = Sequential.of(
        Linear.create(2, 16, random), Activation.relu(),
        Linear.create(16, 3, random));
    return model;
  }

  @Test
  void aModelNamesItsParametersAndSummarizesItself() {
    Sequential model = model();
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
    assertTrue(model.summary().startsWith("Sequential (99 parameters)"), model.summary());
  }

  @Test
  void trainingWithTheTrainerAndByHandThenCheckpoints(@TempDir Path folder) {
    Dataset data = blobs();
    Sequential model = model();
    Dataset[] split = data.split(0.8, new Random(1));                // data: features [N, 2], labels [N]
    Optimizer adam = Optimizer.create(Adam.of(0.05), model.parameters());
    History history = Trainer.create(model, CrossEntropy.mean(), adam)
        .validateOn(split[1])
        .withMetrics(Metric.accuracy())
        .stopWhen(StoppingCriterion.maxEpochs(30), StoppingCriterion.noImprovement(5, 1e-4))
        .fit(DataLoader.shuffled(split[0], 16, 7));                  // batch size 16, shuffle seed 7
    double accuracy = history.last().metrics().get("accuracy");      // ≥ 0.95 on three separated blobs
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);

    long before = adam.stepCount();
    for (Batch batch : DataLoader.shuffled(split[0], 16, 7)) {
      Tensor loss = CrossEntropy.mean().apply(model.forward(batch.features()), batch.targets());
      loss.backward();
      adam.step();                                                   // updates parameters, drops their gradients
    }
    assertEquals(before + 15, adam.stepCount());

    Sequential sameArchitecture = Sequential.of(
        Linear.create(2, 16, new Random(9)), Activation.relu(), Linear.create(16, 3, new Random(9)));
    assertNotEquals(model.stateDict(), sameArchitecture.stateDict());
    Path file = folder.resolve("model.safetensors");
    Checkpoint.save(file, model);                                    // names as in namedParameters()
    Checkpoint.load(file, sameArchitecture);                         // checks names, shapes and dtypes first
    Checkpoint.save(folder.resolve("adam.safetensors"), adam);       // optimizer state, to resume training
    Checkpoint.load(folder.resolve("adam.safetensors"), adam);
    assertEquals(model.stateDict(), sameArchitecture.stateDict());
    assertEquals(before + 15, adam.stepCount());
  }
}
