package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training converges within a fixed budget under a fixed seed: XOR, a regression, a classification. */
class ConvergenceTest {

  static Dataset xor() {
    return new Dataset(
        NdArray.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}), NdArray.of(Shape.of(4, 1), 0, 1, 1, 0));
  }

  /** XOR's four patterns repeated three times (enough examples for shuffled mini-batches). */
  static Dataset blobsAsXorShape() {
    Dataset x = xor();
    return x.select(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
  }

  /** A 2-2-1 network of sigmoid units, as in Rumelhart, Hinton &amp; Williams (1986). */
  static Sequential xorNetwork(long seed) {
    Random random = new Random(seed);
    return Sequential.of(
        Linear.create(2, 2, DType.FLOAT64, Init.uniform(-1, 1), random), Activation.sigmoid(),
        Linear.create(2, 1, DType.FLOAT64, Init.uniform(-1, 1), random), Activation.sigmoid());
  }

  @Test
  void xorWithSigmoidUnitsAndMomentumIsSolvedInFullBatchSweeps() {
    Sequential net = xorNetwork(3);
    Optimizer sgd = Optimizer.create(Sgd.withMomentum(0.5, 0.9), net.parameters());
    History h = Trainer.create(net, MeanSquaredError.halfSum(), sgd)
        .stopWhen(StoppingCriterion.lossBelow(0.01), StoppingCriterion.maxEpochs(5000))
        .fit(DataLoader.fullBatch(xor()));
    assertTrue(h.stopReason().startsWith("loss"), h.stopReason() + " after " + h.epochCount() + " sweeps");
    NdArray out = net.forward(dev.chainrule.autodiff.Tensor.of(xor().features())).value();
    for (int i = 0; i < 4; i++) {
      assertEquals(xor().targets().getFlat(i), Math.round(out.getFlat(i)), "pattern " + i);
    }
  }

  @Test
  void linearRegressionWithMseRecoversTheCoefficients() {
    Random random = new Random(11);
    int n = 200;
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = random.nextGaussian();
      x[2 * i + 1] = random.nextGaussian();
      y[i] = 3 * x[2 * i] - 2 * x[2 * i + 1] + 1 + 0.01 * random.nextGaussian();
    }
    Dataset data = new Dataset(NdArray.of(Shape.of(n, 2), x), NdArray.of(Shape.of(n, 1), y));
    Linear model = Linear.create(2, 1, new Random(12));
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), model.parameters());
    History h = Trainer.create(model, MeanSquaredError.mean(), sgd)
        .stopWhen(StoppingCriterion.maxEpochs(30))
        .fit(DataLoader.shuffled(data, 16, 13));
    assertTrue(h.last().trainLoss() < 2e-4, "loss " + h.last().trainLoss());
    assertEquals(3, model.weight().value().get(0, 0), 0.01);
    assertEquals(-2, model.weight().value().get(0, 1), 0.01);
  }

  /** Three Gaussian blobs in 2-D, labelled 0, 1, 2. */
  static Dataset blobs(int perClass, long seed) {
    Random random = new Random(seed);
    double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
    double[] x = new double[3 * perClass * 2];
    double[] y = new double[3 * perClass];
    for (int c = 0, i = 0; c < 3; c++) {
      for (int k = 0; k < perClass; k++, i++) {
        x[2 * i] = centres[c][0] + 0.6 * random.nextGaussian();
        x[2 * i + 1] = centres[c][1] + 0.6 * random.nextGaussian();
        y[i] = c;
      }
    }
    return new Dataset(NdArray.of(Shape.of(3 * perClass, 2), x), NdArray.of(Shape.of(3 * perClass), y));
  }

  @Test
  void aSmallClassifierReachesHighValidationAccuracy() {
    Dataset[] split = blobs(100, 21).split(0.8, new Random(22));
    Random random = new Random(23);
    Sequential net = Sequential.of(Linear.create(2, 16, random), Activation.relu(), Linear.create(16, 3, random));
    History h = Trainer.create(net, CrossEntropy.mean(), Optimizer.create(Adam.of(0.05), net.parameters()))
        .validateOn(split[1])
        .withMetrics(Metric.accuracy())
        .stopWhen(StoppingCriterion.maxEpochs(30), StoppingCriterion.noImprovement(5, 1e-4))
        .fit(DataLoader.shuffled(split[0], 16, 24));
    double accuracy = h.last().metrics().get("accuracy");
    assertTrue(accuracy >= 0.95, "validation accuracy " + accuracy + " after " + h.epochCount() + " epochs");
    try (ModeScope eval = Mode.eval()) {
      assertTrue(Metric.accuracy().compute(net.forward(dev.chainrule.autodiff.Tensor.of(split[1].features())),
          dev.chainrule.autodiff.Tensor.of(split[1].targets())) >= 0.95);
    }
  }
}
