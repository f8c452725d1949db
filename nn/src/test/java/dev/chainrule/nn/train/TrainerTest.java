package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import dev.chainrule.nn.optim.Sgd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The training loop's stopping criteria, history, schedules, listeners and reproducibility. */
class TrainerTest {

  private static Trainer xorTrainer(Sequential net, double lr) {
    return Trainer.create(net, MeanSquaredError.halfSum(), Optimizer.create(Sgd.withMomentum(lr, 0.9), net.parameters()));
  }

  /** {@code n} examples of zero features {@code [n, 2]} and targets of ones {@code [n, width]}. */
  private static Dataset constantTargets(int n, int width) {
    return new Dataset(NdArray.zeros(Shape.of(n, 2), DType.FLOAT64), NdArray.full(Shape.of(n, width), DType.FLOAT64, 1));
  }

  /** A linear layer that outputs zeros, so every example's squared error against 1 is known. */
  private static Linear zeroLinear(int out) {
    return Linear.create(2, out, DType.FLOAT64, Init.zeros(), new Random(1));
  }

  private static Trainer sgdTrainer(Linear model, double lr) {
    return Trainer.create(model, MeanSquaredError.mean(), Optimizer.create(Sgd.of(lr), model.parameters()));
  }

  @Test
  void maxEpochsStopsAfterExactlyThatManyEpochs() {
    History h = xorTrainer(ConvergenceTest.xorNetwork(1), 0.5)
        .stopWhen(StoppingCriterion.maxEpochs(7)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    assertEquals(7, h.epochCount());
    assertEquals("reached 7 epochs", h.stopReason());
    for (int i = 0; i < 7; i++) {
      assertEquals(i + 1, h.epochs().get(i).epoch());
    }
  }

  @Test
  void aZeroTimeLimitStopsAfterTheFirstEpoch() {
    History h = xorTrainer(ConvergenceTest.xorNetwork(1), 0.5)
        .stopWhen(StoppingCriterion.timeLimit(Duration.ZERO)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    assertEquals(1, h.epochCount());
    assertTrue(h.stopReason().startsWith("time limit"));
  }

  @Test
  void noImprovementFiresAfterPatienceEpochsWithoutProgress() {
    List<EpochRecord> epochs = new ArrayList<>();
    double[] losses = {1.0, 0.5, 0.49995, 0.6, 0.5};
    for (int i = 0; i < losses.length; i++) {
      epochs.add(new EpochRecord(i + 1, losses[i], Double.NaN, Map.of(), 0.1, Duration.ZERO, Duration.ZERO));
      boolean fired = StoppingCriterion.noImprovement(3, 1e-4).check(epochs).isPresent();
      assertEquals(i == 4, fired, "epoch " + (i + 1));
    }
  }

  @Test
  void theScheduleSetsEachEpochsLearningRate() {
    History h = xorTrainer(ConvergenceTest.xorNetwork(1), 0.5)
        .withSchedule(LearningRateSchedule.step(0.4, 2, 0.5))
        .stopWhen(StoppingCriterion.maxEpochs(5)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    double[] expected = {0.4, 0.4, 0.2, 0.2, 0.1};
    for (int i = 0; i < 5; i++) {
      assertEquals(expected[i], h.epochs().get(i).learningRate(), 1e-15);
    }
  }

  @Test
  void listenersHearEveryBatchAndEpoch() {
    int[] counts = new int[2];
    TrainingListener counting = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
        counts[0]++;
      }

      @Override
      public void onEpochEnd(EpochRecord record) {
        counts[1]++;
      }
    };
    xorTrainer(ConvergenceTest.xorNetwork(1), 0.5).withListener(counting)
        .stopWhen(StoppingCriterion.maxEpochs(3)).fit(DataLoader.sequential(ConvergenceTest.xor(), 1));
    assertEquals(12, counts[0]);
    assertEquals(3, counts[1]);
  }

  @Test
  void aDivergingRunStopsWithAMessageAtTheFirstNonFiniteLoss() {
    dev.chainrule.nn.layer.Linear linear = dev.chainrule.nn.layer.Linear.create(2, 1, new java.util.Random(1));
    Optimizer sgd = Optimizer.create(Sgd.of(1e10), linear.parameters());
    Trainer trainer = Trainer.create(linear, MeanSquaredError.mean(), sgd).stopWhen(StoppingCriterion.maxEpochs(100));
    String message = assertThrows(
        ArithmeticException.class, () -> trainer.fit(DataLoader.fullBatch(ConvergenceTest.xor()))).getMessage();
    assertTrue(message.startsWith("Trainer.fit: the loss is Infinity at epoch "), message);
    assertTrue(sgd.stepCount() < 100, "stopped early");
    for (Parameter p : linear.parameters()) {
      for (double x : p.value().toDoubleArray()) {
        assertTrue(Double.isFinite(x), message);
      }
    }
  }

  @Test
  void fitOnALoaderThatYieldsNoBatchRefusesBeforeTouchingModelOrOptimizer() {
    Linear model = Linear.create(2, 1, new Random(1));
    Map<String, NdArray> weights = model.stateDict();
    Optimizer optimizer = Optimizer.create(Adam.of(0.1), model.parameters());
    Map<String, NdArray> optimizerState = optimizer.state();
    DataLoader empty = DataLoader.sequential(ConvergenceTest.xor(), 5).droppingLast();
    Trainer trainer = Trainer.create(model, MeanSquaredError.mean(), optimizer)
        .withSchedule(LearningRateSchedule.step(0.4, 2, 0.5))
        .stopWhen(StoppingCriterion.maxEpochs(3));

    String message = assertThrows(IllegalArgumentException.class, () -> trainer.fit(empty)).getMessage();
    assertTrue(message.startsWith("Trainer.fit: the loader yields no batch"), message);
    assertTrue(message.contains("got 4 examples, batch size 5"), message);
    assertEquals(weights, model.stateDict());
    assertEquals(optimizerState, optimizer.state());
  }

  @Test
  void aNaNLossStopsBeforeThatBatchsBackwardAndStepLeavingModelAndOptimizerAsTheyWere() {
    // Batches of two; the third batch holds a NaN feature, so its loss is NaN.
    double[][] features = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.5, Double.NaN}, {1, 1}, {0, 0}, {1, 0}};
    Dataset data = new Dataset(NdArray.of(features), NdArray.of(Shape.of(8, 1), 0, 1, 1, 0, 1, 0, 0, 1));
    Sequential model = Sequential.of(
        Linear.create(2, 3, DType.FLOAT64, Init.xavierUniform(), new Random(3)),
        BatchNorm1d.create(3, DType.FLOAT64),
        Linear.create(3, 1, DType.FLOAT64, Init.xavierUniform(), new Random(4)));
    Map<String, NdArray> initial = model.stateDict();
    Optimizer optimizer = Optimizer.create(Adam.of(0.1), model.parameters());
    List<Map<String, NdArray>> modelAfter = new ArrayList<>();
    List<Map<String, NdArray>> optimizerAfter = new ArrayList<>();
    TrainingListener recording = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
        modelAfter.add(model.stateDict());
        optimizerAfter.add(optimizer.state());
      }
    };
    Trainer trainer = Trainer.create(model, MeanSquaredError.mean(), optimizer).withListener(recording)
        .stopWhen(StoppingCriterion.maxEpochs(5));

    String message =
        assertThrows(ArithmeticException.class, () -> trainer.fit(DataLoader.sequential(data, 2))).getMessage();
    assertEquals(
        "Trainer.fit: the loss is NaN at epoch 1, batch 3 of 4; the model and optimizer are as they were before"
            + " this batch",
        message);
    assertEquals(2, modelAfter.size(), "two batches ran to the end");
    assertFalse(initial.equals(modelAfter.get(1)), "the earlier batches updated the model");
    assertEquals(modelAfter.get(1), model.stateDict()); // bitwise: parameters and batch-norm buffers
    assertEquals(optimizerAfter.get(1), optimizer.state());
    assertEquals(2, optimizer.stepCount());
    for (NdArray value : model.stateDict().values()) {
      for (double x : value.to(DType.FLOAT64).toDoubleArray()) {
        assertTrue(Double.isFinite(x), "no NaN reached the model");
      }
    }
  }

  @Test
  void fitNeedsAStoppingCriterion() {
    assertThrows(IllegalArgumentException.class,
        () -> xorTrainer(ConvergenceTest.xorNetwork(1), 0.5).fit(DataLoader.fullBatch(ConvergenceTest.xor())));
  }

  @Test
  void theSameSeedsGiveBitIdenticalTraining() {
    Map<String, NdArray> first = trainOnce();
    Map<String, NdArray> second = trainOnce();
    assertEquals(first, second);
  }

  private static Map<String, NdArray> trainOnce() {
    Sequential net = ConvergenceTest.xorNetwork(5);
    xorTrainer(net, 0.3).stopWhen(StoppingCriterion.maxEpochs(20))
        .fit(DataLoader.shuffled(ConvergenceTest.blobsAsXorShape(), 3, 9));
    return net.stateDict();
  }

  @Test
  void epochLossesArePerExampleWhateverTheBatchSizeAndReduction() {
    Dataset data = constantTargets(2048, 1); // each example: ½(1 - 0)² = 0.5
    for (int batch : new int[] {1, 7, 2048}) {
      Linear model = zeroLinear(1);
      Trainer t = Trainer.create(model, MeanSquaredError.halfSum(), Optimizer.create(Sgd.of(1e-300), model.parameters()));
      assertEquals(0.5, t.evaluate(data).loss(), 1e-12);
      if (batch != 1) {
        History h = t.stopWhen(StoppingCriterion.maxEpochs(1)).fit(DataLoader.sequential(data, batch));
        assertEquals(0.5, h.last().trainLoss(), 1e-12, "batch size " + batch);
      }
    }
    assertEquals(1, sgdTrainer(zeroLinear(1), 1e-300).evaluate(data).loss(), 1e-12);
  }

  @Test
  void plateauReductionMustStartAtTheOptimizersRateAndExcludesSchedules() {
    Trainer t = sgdTrainer(zeroLinear(1), 0.001).stopWhen(StoppingCriterion.maxEpochs(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.withPlateauReduction(ReduceOnPlateau.startingAt(0.1)).fit(DataLoader.fullBatch(constantTargets(4, 1))));
    assertTrue(e.getMessage().contains("startingAt(optimizer.learningRate())"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> t.withSchedule(LearningRateSchedule.constant(0.1)).withPlateauReduction(ReduceOnPlateau.startingAt(0.1)));
  }

  @Test
  void plateauReductionLowersTheRateWhenTheLossStalls() {
    History h = sgdTrainer(zeroLinear(1), 1e-300) // the loss cannot move
        .withPlateauReduction(ReduceOnPlateau.create(1e-300, 0.5, 1, 0, 0))
        .stopWhen(StoppingCriterion.maxEpochs(4)).fit(DataLoader.fullBatch(constantTargets(4, 1)));
    assertEquals(1e-300, h.epochs().get(0).learningRate());
    assertEquals(0.5e-300, h.epochs().get(3).learningRate(), 1e-310);
  }

  @Test
  void fitRejectsAnEmptyTrainingSet() {
    Trainer t = sgdTrainer(zeroLinear(1), 0.1).stopWhen(StoppingCriterion.maxEpochs(1));
    assertEquals("fit: the training set is empty",
        assertThrows(IllegalArgumentException.class, () -> t.fit(DataLoader.fullBatch(constantTargets(0, 1)))).getMessage());
  }

  @Test
  void fitDropsAGradientLeftOverFromBeforeTraining() {
    Parameter w = new Parameter(NdArray.of(new double[][] {{1, 0}}));
    Module model = new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x.matmul(w.tensor().transpose());
      }

      @Override
      public Map<String, Parameter> localParameters() {
        return Map.of("w", w);
      }
    };
    model.forward(Tensor.of(new double[][] {{100, 100}})).sum().backward(); // a stray sanity check
    Dataset one = new Dataset(NdArray.of(new double[][] {{1, 0}}), NdArray.of(Shape.of(1, 1), 0));
    Trainer.create(model, MeanSquaredError.halfSum(), Optimizer.create(Sgd.of(0.2), model.parameters()))
        .stopWhen(StoppingCriterion.maxEpochs(1)).fit(DataLoader.fullBatch(one));
    assertEquals(0.8, w.value().get(0, 0), 1e-15); // 1 - 0.2 · (1 - 0) · 1
  }

  @Test
  void withMetricsRejectsTwoMetricsOfTheSameName() {
    Trainer t = sgdTrainer(zeroLinear(2), 0.1);
    assertThrows(IllegalArgumentException.class, () -> t.withMetrics(Metric.accuracy(), Metric.binaryAccuracy(0.5)));
  }

  @Test
  void aTimeLimitEndsAnEpochEarly() {
    int[] batches = new int[1];
    sgdTrainer(zeroLinear(1), 0.1)
        .withListener(new TrainingListener() {
          @Override
          public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
            batches[0]++;
          }
        })
        .stopWhen(StoppingCriterion.timeLimit(Duration.ZERO)).fit(DataLoader.sequential(constantTargets(50, 1), 1));
    assertEquals(1, batches[0]);
  }

  @Test
  void trainingWithDropoutBatchNormAndAdamIsBitReproducible() {
    assertEquals(trainStochastic(), trainStochastic());
    assertFalse(trainStochastic().isEmpty());
  }

  private static Map<String, NdArray> trainStochastic() {
    Random random = new Random(8);
    Sequential model = Sequential.of(Linear.create(2, 8, random), BatchNorm1d.create(8, DType.FLOAT64),
        Activation.relu(), Dropout.create(0.3, 9), Linear.create(8, 1, random));
    Dataset data = new Dataset(NdArray.randn(Shape.of(40, 2), DType.FLOAT64, new Random(10)),
        NdArray.randn(Shape.of(40, 1), DType.FLOAT64, new Random(11)));
    Trainer.create(model, MeanSquaredError.mean(), Optimizer.create(Adam.of(0.01), model.parameters()))
        .stopWhen(StoppingCriterion.maxEpochs(5)).fit(DataLoader.shuffled(data, 8, 12));
    return model.stateDict();
  }

  @Test
  void stoppingCriteriaSeeTheEpochsReadOnly() {
    StoppingCriterion meddling = epochs -> {
      epochs.add(epochs.get(0));
      return Optional.empty();
    };
    Trainer t = sgdTrainer(zeroLinear(1), 0.1).stopWhen(StoppingCriterion.maxEpochs(3), meddling);
    assertThrows(UnsupportedOperationException.class, () -> t.fit(DataLoader.fullBatch(constantTargets(4, 1))));
  }

  @Test
  void evaluationMetricsAreImmutableInTheOrderGiven() {
    Trainer t = sgdTrainer(zeroLinear(1), 0.1)
        .withMetrics(Metric.meanAbsoluteError(), Metric.binaryAccuracy(0.5));
    Map<String, Double> metrics = t.evaluate(constantTargets(4, 1)).metrics();
    assertEquals(List.of("mae", "accuracy"), List.copyOf(metrics.keySet()));
    assertThrows(UnsupportedOperationException.class, () -> metrics.put("mae", 0.0));
  }

  @Test
  void epochRecordMetricsAreImmutableInTheOrderGiven() {
    Map<String, Double> given = new LinkedHashMap<>();
    for (String name : List.of("zeta", "mae", "accuracy", "beta")) {
      given.put(name, 0.5);
    }
    EpochRecord record = new EpochRecord(1, 1.0, Double.NaN, given, 0.1, Duration.ZERO, Duration.ZERO);
    assertEquals(List.copyOf(given.keySet()), List.copyOf(record.metrics().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> record.metrics().remove("mae"));
  }
}
