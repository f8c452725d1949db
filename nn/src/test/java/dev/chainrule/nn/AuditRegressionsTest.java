package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.io.Checkpoint;
import dev.chainrule.nn.io.SafeTensors;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.GradientClipping;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import dev.chainrule.nn.train.TrainingListener;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions from an adversarial review of nn: each test pins one finding. */
class AuditRegressionsTest {

  private static Dataset constantTargets(int n, int width) {
    return new Dataset(NdArray.zeros(Shape.of(n, 2), DType.FLOAT64), NdArray.full(Shape.of(n, width), DType.FLOAT64, 1));
  }

  /** A linear layer that outputs zeros, so every example's squared error against 1 is known. */
  private static Linear zeroLinear(int out) {
    Linear l = Linear.create(2, out, DType.FLOAT64, Init.zeros(), new Random(1));
    return l;
  }

  @Test
  void accuracyOfASingleOutputIsAnErrorNotAlwaysOne() {
    Tensor p = Tensor.of(new double[][] {{0.1}, {0.9}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metric.accuracy().compute(p, Tensor.of(new double[][] {{1}, {0}})));
    assertTrue(e.getMessage().contains("use binaryAccuracy"), e.getMessage());
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
    Linear model = zeroLinear(1);
    Trainer mean = Trainer.create(model, MeanSquaredError.mean(), Optimizer.create(Sgd.of(1e-300), model.parameters()));
    assertEquals(1, mean.evaluate(data).loss(), 1e-12);
  }

  @Test
  void plateauReductionMustStartAtTheOptimizersRateAndExcludesSchedules() {
    Linear model = zeroLinear(1);
    Optimizer sgd = Optimizer.create(Sgd.of(0.001), model.parameters());
    Trainer t = Trainer.create(model, MeanSquaredError.mean(), sgd).stopWhen(StoppingCriterion.maxEpochs(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.withPlateauReduction(ReduceOnPlateau.startingAt(0.1)).fit(DataLoader.fullBatch(constantTargets(4, 1))));
    assertTrue(e.getMessage().contains("startingAt(optimizer.learningRate())"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> t.withSchedule(LearningRateSchedule.constant(0.1)).withPlateauReduction(ReduceOnPlateau.startingAt(0.1)));
  }

  @Test
  void plateauReductionLowersTheRateWhenTheLossStalls() {
    Linear model = zeroLinear(1);
    Optimizer sgd = Optimizer.create(Sgd.of(1e-300), model.parameters()); // the loss cannot move
    History h = Trainer.create(model, MeanSquaredError.mean(), sgd)
        .withPlateauReduction(ReduceOnPlateau.create(1e-300, 0.5, 1, 0, 0))
        .stopWhen(StoppingCriterion.maxEpochs(4)).fit(DataLoader.fullBatch(constantTargets(4, 1)));
    assertEquals(1e-300, h.epochs().get(0).learningRate());
    assertEquals(0.5e-300, h.epochs().get(3).learningRate(), 1e-310);
  }

  @Test
  void sharedModulesAndTiedWeightsAreListedOnce() {
    Linear shared = Linear.create(2, 2, new Random(2));
    Sequential model = Sequential.of(shared, Activation.tanh(), shared);
    assertEquals(List.of("0.weight", "0.bias"), List.copyOf(model.namedParameters().keySet()));
    assertEquals(6, model.parameterCount());
    Optimizer.create(Sgd.of(0.1), model.parameters()).step();
    assertTrue(model.summary().contains("shared"), model.summary());
  }

  @Test
  void emptyTrainingSetsAndEmptySplitsAreRejected() {
    Linear model = zeroLinear(1);
    Dataset empty = constantTargets(0, 1);
    Trainer t = Trainer.create(model, MeanSquaredError.mean(), Optimizer.create(Sgd.of(0.1), model.parameters()))
        .stopWhen(StoppingCriterion.maxEpochs(1));
    assertEquals("fit: the training set is empty",
        assertThrows(IllegalArgumentException.class, () -> t.fit(DataLoader.fullBatch(empty))).getMessage());
    assertThrows(IllegalArgumentException.class, () -> constantTargets(10, 1).split(0.01, new Random(1)));
  }

  @Test
  void aGradientLeftOverFromEarlierIsNotAddedToTheFirstStep() {
    Parameter w = new Parameter(NdArray.of(new double[][] {{1, 0}}));
    Module model = new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x.matmul(w.value().transpose());
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
    assertEquals(0.8, w.data().get(0, 0), 1e-15); // 1 - 0.2 · (1 - 0) · 1
  }

  @Test
  void batchNormRunningStatisticsFollowPyTorchsDefinition() {
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT64);
    bn.forward(Tensor.of(new double[][] {{1, 2}, {3, 6}, {5, 10}}));
    Map<String, Buffer> b = bn.localBuffers();
    assertTrue(b.get("running_mean").data().allClose(NdArray.of(0.3, 0.6), 1e-15, 0));
    assertTrue(b.get("running_var").data().allClose(NdArray.of(1.3, 2.5), 1e-15, 0)); // 0.9 + 0.1·4, 0.9 + 0.1·16
    assertEquals(1, b.get("num_batches_tracked").data().item());
  }

  @Test
  void aPyTorchStyleCheckpointWithAnIntegerCounterLoadsIntoAFloat32BatchNorm(@TempDir Path folder) throws Exception {
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT32);
    Map<String, NdArray> state = new HashMap<>(bn.stateDict());
    state.remove("num_batches_tracked");
    byte[] floats = SafeTensors.encode(state, Map.of());
    Path file = folder.resolve("bn.safetensors");
    Files.write(file, withInt64Counter(floats, 7));
    Checkpoint.load(file, bn);
    assertEquals(7, bn.localBuffers().get("num_batches_tracked").data().item());
  }

  /** Re-encodes a file adding {@code "num_batches_tracked": I64 []} holding {@code count}. */
  private static byte[] withInt64Counter(byte[] file, long count) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) in.getLong();
    String header = new String(file, 8, headerLength, StandardCharsets.UTF_8).trim();
    int dataLength = file.length - 8 - headerLength;
    String extended = header.substring(0, header.length() - 1)
        + ",\"num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[" + dataLength + ","
        + (dataLength + 8) + "]}}";
    byte[] h = extended.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + h.length + dataLength + 8).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(h.length).put(h).put(file, 8 + headerLength, dataLength).putLong(count);
    return out.array();
  }

  @Test
  void clippingByNormHandlesHugeFiniteGradients() {
    List<NdArray> clipped = GradientClipping.byGlobalNorm(1).clip(List.of(NdArray.of(1e200, 1e200)));
    assertEquals(Math.sqrt(0.5), clipped.get(0).get(0), 1e-12);
    assertEquals(Math.sqrt(0.5), clipped.get(0).get(1), 1e-12);
  }

  @Test
  void droppingTheLastShortBatchKeepsBatchNormTrainable() {
    Dataset data = new Dataset(NdArray.randn(Shape.of(5, 2), DType.FLOAT64, new Random(3)), NdArray.zeros(Shape.of(5, 2), DType.FLOAT64));
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT64);
    Trainer t = Trainer.create(bn, MeanSquaredError.mean(), Optimizer.create(Sgd.of(0.1), bn.parameters()))
        .stopWhen(StoppingCriterion.maxEpochs(2));
    assertThrows(IllegalArgumentException.class, () -> t.fit(DataLoader.sequential(data, 2)));
    assertEquals(2, DataLoader.sequential(data, 2).droppingLast().batchCount());
    assertEquals(2, t.fit(DataLoader.shuffled(data, 2, 4).droppingLast()).epochCount());
  }

  @Test
  void metricsMustHaveDistinctNames() {
    Linear model = zeroLinear(2);
    Trainer t = Trainer.create(model, MeanSquaredError.mean(), Optimizer.create(Sgd.of(0.1), model.parameters()));
    assertThrows(IllegalArgumentException.class, () -> t.withMetrics(Metric.accuracy(), Metric.binaryAccuracy(0.5)));
  }

  @Test
  void loadingANullEntryIsANamedError() {
    Linear model = zeroLinear(1);
    Map<String, NdArray> state = new HashMap<>(model.stateDict());
    state.put("bias", null);
    assertEquals("loadStateDict: bias is null",
        assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state)).getMessage());
  }

  @Test
  void aTimeLimitEndsAnEpochEarly() {
    int[] batches = new int[1];
    Linear model = zeroLinear(1);
    Trainer.create(model, MeanSquaredError.mean(), Optimizer.create(Sgd.of(0.1), model.parameters()))
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
  void dropoutScalesSurvivorsByOneOverKeepProbability() {
    NdArray y = Dropout.create(0.75, 5).forward(Tensor.of(NdArray.full(Shape.of(1000), DType.FLOAT64, 1))).value();
    for (int i = 0; i < y.size(); i++) {
      assertTrue(y.getFlat(i) == 0 || y.getFlat(i) == 4, "element " + y.getFlat(i));
    }
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
}
