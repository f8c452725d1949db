package dev.chainrule.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Buffers;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.ParameterSchema;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark in local mode: synchronous training equals the single-JVM reference bit for bit and
 * one plain big-batch step to rounding; parameter averaging learns; a failed task is retried without
 * changing the result; data comes from rows and from Parquet; bad setups fail clearly.
 */
class SparkTrainerTest {
  private static final int FEATURES = 6;
  private static final int CLASSES = 3;

  /** Three Gaussian blobs in 6 dimensions, {@code n} rows of (features array, label). */
  private static List<Row> blobs(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % CLASSES;
      double[] x = new double[FEATURES];
      for (int f = 0; f < FEATURES; f++) {
        x[f] = (f % CLASSES == label ? 2.0 : 0.0) + random.nextGaussian();
      }
      rows.add(RowFactory.create(x, (double) label));
    }
    return rows;
  }

  private static org.apache.spark.sql.Dataset<Row> frame(List<Row> rows, int partitions) {
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.DoubleType);
    SparkSession spark = SharedSpark.session();
    // parallelize cuts the list into contiguous, equal runs: partition p holds rows [p·n/P, (p+1)·n/P)
    return spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
        schema);
  }

  private static Module network() {
    Random random = new Random(5);
    return Sequential.of(
        Linear.create(FEATURES, 16, DType.FLOAT32, Init.heNormal(), random), Activation.tanh(),
        Linear.create(16, CLASSES, DType.FLOAT32, Init.heNormal(), random));
  }

  private static SparkTrainer.Builder trainer(int batch, int epochs) {
    return SparkTrainer.builder()
        .model(SparkTrainerTest::network)
        .loss(CrossEntropy::sum)
        .optimizer(() -> Sgd.of(0.1))
        .globalBatchSize(batch)
        .format(RowFormat.of("features", "label"))
        .metrics(Metric::accuracy)
        .seed(3)
        .stopWhen(StoppingCriterion.maxEpochs(epochs));
  }

  private static void assertSameBits(Module expected, Module actual) {
    Map<String, NdArray> a = ParameterSchema.values(expected);
    Map<String, NdArray> b = ParameterSchema.values(actual);
    assertEquals(a.keySet(), b.keySet());
    a.forEach((name, value) -> assertArrayEquals(value.toDoubleArray(), b.get(name).toDoubleArray(), 0, name));
  }

  @Test
  void synchronousTrainingEqualsTheSingleJvmReferenceBitForBit() {
    List<Row> rows = blobs(240, 1);
    for (int partitions : new int[] {2, 4}) {
      SparkTrainer trainer = trainer(24, 2).build();
      org.apache.spark.sql.Dataset<Row> data = frame(rows, partitions);
      Fitted onSpark = trainer.fit(data, frame(blobs(60, 2), 2));
      Fitted reference = trainer.fitLocally(trainer.partitions(data), null);
      assertSameBits(reference.model(), onSpark.model());
      assertEquals(2, onSpark.history().epochCount());
      assertEquals(reference.history().epochs().get(1).trainLoss(), onSpark.history().epochs().get(1).trainLoss(), 0);
      assertNotEquals(ParameterSchema.values(network()).get("0.weight").toDoubleArray()[0],
          ParameterSchema.values(onSpark.model()).get("0.weight").toDoubleArray()[0], "it trained");
    }
  }

  @Test
  void dropoutAndBatchNormAreReproducedToo() {
    // dropout draws its masks per (step, partition), and batch-norm statistics are averaged over partitions
    SparkTrainer trainer = trainer(24, 1).model(() -> {
      Random random = new Random(5);
      return Sequential.of(
          Linear.create(FEATURES, 16, DType.FLOAT32, Init.heNormal(), random), BatchNorm1d.create(16, DType.FLOAT32),
          Activation.relu(), Dropout.create(0.3, 11), Linear.create(16, CLASSES, DType.FLOAT32, Init.heNormal(), random));
    }).build();
    org.apache.spark.sql.Dataset<Row> data = frame(blobs(144, 12), 3);
    Fitted onSpark = trainer.fit(data, frame(blobs(30, 13), 2));
    Fitted reference = trainer.fitLocally(trainer.partitions(data), null);
    assertSameBits(reference.model(), onSpark.model());
    Map<String, NdArray> buffers = Buffers.values(onSpark.model());
    assertEquals(Buffers.values(reference.model()).keySet(), buffers.keySet());
    Buffers.values(reference.model()).forEach((name, value) ->
        assertArrayEquals(value.toDoubleArray(), buffers.get(name).toDoubleArray(), 0, name));
    assertNotEquals(0.0, buffers.get("1.running_mean").toDoubleArray()[0], "the statistics moved");
  }

  @Test
  void oneSynchronousStepIsOnePlainStepOnTheWholeBatch() {
    List<Row> rows = blobs(24, 4);
    SparkTrainer trainer = trainer(24, 1).build();
    Fitted onSpark = trainer.fit(frame(rows, 3), null); // 3 partitions of 8 examples: one step uses all 24

    Module plain = network();
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), plain.parameters());
    Dataset all = concat(trainer.partitions(frame(rows, 3)));
    CrossEntropy.mean().apply(plain.forward(Tensor.of(all.features())), Tensor.of(all.targets())).backward();
    sgd.step();
    Map<String, NdArray> expected = ParameterSchema.values(plain);
    ParameterSchema.values(onSpark.model()).forEach((name, value) ->
        assertArrayEquals(expected.get(name).toDoubleArray(), value.toDoubleArray(), 1e-6, name));
  }

  private static Dataset concat(List<Dataset> parts) {
    Tensor[] x = parts.stream().map(d -> Tensor.of(d.features())).toArray(Tensor[]::new);
    Tensor[] y = parts.stream().map(d -> Tensor.of(d.targets())).toArray(Tensor[]::new);
    return new Dataset(Tensor.concat(0, x).value(), Tensor.concat(0, y).value());
  }

  @Test
  void parameterAveragingLearns() {
    SparkTrainer trainer = trainer(24, 4).strategy(Strategy.parameterAveraging(3)).build();
    Fitted fitted = trainer.fit(frame(blobs(480, 6), 2), frame(blobs(120, 7), 2));
    double accuracy = fitted.history().last().metrics().get("accuracy");
    assertTrue(accuracy > 0.85, "validation accuracy after 4 epochs of averaging: " + accuracy);
    assertTrue(fitted.history().last().trainLoss() < fitted.history().epochs().get(0).trainLoss());
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() {
    List<Row> rows = blobs(96, 8);
    SparkTrainer steady = trainer(24, 1).build();
    SparkTrainer flaky = trainer(24, 1).model(() -> {
      TaskContext task = TaskContext.get();
      if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0) {
        throw new IllegalStateException("a task that fails on its first attempt");
      }
      return network();
    }).build();
    assertSameBits(steady.fit(frame(rows, 2), null).model(), flaky.fit(frame(rows, 2), null).model());
  }

  @Test
  void trainsFromParquet(@TempDir Path dir) {
    Path file = dir.resolve("blobs.parquet");
    frame(blobs(120, 9), 2).write().parquet(file.toString());
    org.apache.spark.sql.Dataset<Row> data = SharedSpark.session().read().parquet(file.toString()).repartition(2);
    Fitted fitted = trainer(24, 3).build().fit(data, data);
    assertTrue(fitted.history().last().metrics().get("accuracy") > 0.8, fitted.history().toString());
    assertTrue(Files.exists(file));
  }

  @Test
  void badSetupsFailNamingWhatIsWrong() {
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> trainer(25, 1).build().fit(frame(blobs(100, 1), 2), null));
    assertTrue(batch.getMessage().startsWith("spark: the global batch must be a multiple of the partitions; got batch 25"
        + " for 2 partitions"), batch.getMessage());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> trainer(40, 1).build().fit(frame(blobs(30, 1), 2), null));
    assertTrue(small.getMessage().startsWith("spark: every partition needs at least one slice of 20 examples"),
        small.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> SparkTrainer.builder().globalBatchSize(4).build());
    assertEquals("sparkTrainer: give the model, the loss and the optimizer", missing.getMessage());
    IllegalStateException mean = assertThrows(IllegalStateException.class,
        () -> trainer(24, 1).loss(CrossEntropy::mean).build());
    assertTrue(mean.getMessage().startsWith("sparkTrainer: the loss must sum over examples"), mean.getMessage());
    // a task whose model differs from the driver's: its parameters do not match what the driver sent
    SparkTrainer mismatched = trainer(24, 1).model(() -> TaskContext.get() == null ? network()
        : Sequential.of(Linear.create(FEATURES, CLASSES, DType.FLOAT32, Init.heNormal(), new Random(1)))).build();
    Exception e = assertThrows(Exception.class, () -> mismatched.fit(frame(blobs(48, 1), 2), null));
    assertTrue(String.valueOf(e.getMessage()).contains("load: "), e.getMessage());
  }

  @Test
  void shardsHoldTheRowsAsArrays() {
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    // columns found by name, in any order; a java.util.List is read as an array too
    List<Row> rows = List.of(new GenericRowWithSchema(new Object[] {1.0, List.of(1.0, 2.0, 3.0, 4.0)}, schema),
        new GenericRowWithSchema(new Object[] {0.0, List.of(5.0, 6.0, 7.0, 8.0)}, schema));
    Dataset shard = SparkWorkers.shard(rows.iterator(), RowFormat.of("features", "label").withFeatureShape(1, 2, 2),
        DType.FLOAT64);
    assertEquals(Shape.of(2, 1, 2, 2), shard.features().shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, shard.features().toDoubleArray());
    assertArrayEquals(new double[] {1, 0}, shard.targets().toDoubleArray());
  }
}
