package dev.chainrule.examples;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.TrainingListener;
import dev.chainrule.spark.Fitted;
import dev.chainrule.spark.RowFormat;
import dev.chainrule.spark.SparkTrainer;
import dev.chainrule.spark.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The flagship network trained on Apache Spark: the MNIST digits are written once to Parquet (under
 * {@code output/mnist-parquet}, as a data lake would hold them), read back as a {@code Dataset<Row>} in
 * {@code N} partitions, and {@link SparkTrainer} trains {@link MnistMlp}'s 784-16-16-10 network on them by
 * synchronous SGD (batch 32 over all partitions, learning rate 0.5 on a cosine to 0.01), scoring the test
 * images after each epoch. Synchronous training is the single-machine algorithm, so it reaches the
 * flagship's accuracy. Run with
 * {@code mvn -B -q -pl examples -am package -DskipTests exec:java -Dexample=dev.chainrule.examples.MnistOnSpark},
 * adding {@code -Depochs=N} (default 3), {@code -Dpartitions=N} (default 2) or {@code -Dmaster=URL}
 * (default {@code local[N]}); under {@code spark-submit} the master comes from there.
 */
public final class MnistOnSpark {
  static final int BATCH = 32;
  private static final long SEED = 42;

  private MnistOnSpark() {}

  /** The trainer: {@link MnistMlp}'s network, loss and learning rates, for {@code epochs}. */
  static SparkTrainer trainer(int epochs, TrainingListener listener) {
    return SparkTrainer.builder()
        .model(() -> MnistMlp.network(SEED))
        .loss(CrossEntropy::sum)
        .optimizer(() -> Sgd.of(MnistMlp.LEARNING_RATE))
        .schedule(LearningRateSchedule.cosine(MnistMlp.LEARNING_RATE, MnistMlp.FINAL_LEARNING_RATE, epochs))
        .globalBatchSize(BATCH)
        .strategy(Strategy.synchronous())
        .format(RowFormat.of("pixels", "label"))
        .metrics(Metric::accuracy)
        .seed(SEED)
        .listener(listener)
        .stopWhen(StoppingCriterion.maxEpochs(epochs))
        .build();
  }

  /** {@code data} as rows of {@code pixels: array<float>} and {@code label: double}. */
  static org.apache.spark.sql.Dataset<Row> rows(SparkSession spark, Dataset data) {
    NdArray x = data.features();
    int width = x.shape().dim(1);
    float[] pixels = x.toFloatArray();
    List<Row> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      rows.add(RowFactory.create(java.util.Arrays.copyOfRange(pixels, i * width, (i + 1) * width),
          data.targets().getFlat(i)));
    }
    StructType schema = new StructType()
        .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false)
        .add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  /** The Parquet copy of {@code data} in {@code directory}, written on first use. */
  static org.apache.spark.sql.Dataset<Row> parquet(SparkSession spark, Dataset data, Path directory) {
    if (!Files.exists(directory.resolve("_SUCCESS"))) {
      rows(spark, data).write().mode("overwrite").parquet(directory.toString());
    }
    return spark.read().parquet(directory.toString());
  }

  /** Trains for {@code -Depochs} on {@code -Dpartitions} partitions and prints each epoch with its time per step. */
  public static void main(String[] args) {
    int epochs = Integer.getInteger("epochs", 3);
    int partitions = Integer.getInteger("partitions", 2);
    SparkSession.Builder builder = SparkSession.builder().appName("chainrule-mnist")
        .config("spark.ui.enabled", "false");
    if (System.getProperty("spark.master") == null) {
      builder.master(System.getProperty("master", "local[" + partitions + "]"));
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      MnistData data = MnistData.load();
      Path root = Path.of("output", "mnist-parquet").toAbsolutePath(); // the executors read it too
      org.apache.spark.sql.Dataset<Row> train = parquet(spark, data.train(), root.resolve("train")).repartition(partitions);
      org.apache.spark.sql.Dataset<Row> test = parquet(spark, data.test(), root.resolve("test"));
      System.out.printf("784-16-16-10 sigmoid MLP on Spark (%s, %d partitions): synchronous SGD, batch %d, lr %s cosine"
          + " to %s, %d epochs on %,d images from Parquet%n", spark.sparkContext().master(), partitions, BATCH,
          MnistMlp.LEARNING_RATE, MnistMlp.FINAL_LEARNING_RATE, epochs, data.train().size());
      int steps = data.train().size() / BATCH;
      Fitted fitted = trainer(epochs, new TrainingListener() {
        @Override
        public void onEpochEnd(EpochRecord record) {
          System.out.printf("epoch %d: loss %.4f, test accuracy %.2f %%, %.1f s (%.1f ms per step)%n", record.epoch(),
              record.trainLoss(), 100 * record.metrics().get("accuracy"), seconds(record.duration()),
              1000 * seconds(record.duration()) / steps);
        }
      }).fit(train, test);
      System.out.println("stopped: " + fitted.history().stopReason());
    } finally {
      spark.stop();
    }
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
