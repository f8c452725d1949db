package dev.chainrule.bench;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.spark.Factory;
import dev.chainrule.spark.Fitted;
import dev.chainrule.spark.RowFormat;
import dev.chainrule.spark.SparkTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a synchronous step costs on Spark: the time per step and examples per second of one epoch of
 * {@link SparkTrainer} against the single-JVM reference ({@link SparkTrainer#fitLocally}, the same tasks
 * without Spark), for the peer suite's MLP (784-128-64-10, batch 64) and for a model whose compute
 * dominates (784-1024-1024-10, batch 512); float32, random data, the second of two epochs (the first
 * warms the JIT). Prints {@code spark_step model=… master=… partitions=… ms_per_step=… examples_per_s=…}.
 *
 * <p>Usage: {@code java <Spark's JVM flags> -cp bench/target/benchmarks.jar:<Spark's jars>
 * dev.chainrule.bench.SparkSteps local[2] 2} (the master URL and the number of partitions), or on the
 * standalone cluster: {@code APP_JAR=bench/target/benchmarks.jar spark/standalone-cluster.sh
 * dev.chainrule.bench.SparkSteps spark://127.0.0.1:7077 2}.
 */
public final class SparkSteps {
  private SparkSteps() {}

  static Module mlp() {
    Random random = new Random(1);
    return Sequential.of(
        Linear.create(784, 128, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(128, 64, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(64, 10, DType.FLOAT32, Init.heNormal(), random));
  }

  static Module wide() {
    Random random = new Random(1);
    return Sequential.of(
        Linear.create(784, 1024, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(1024, 1024, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(1024, 10, DType.FLOAT32, Init.heNormal(), random));
  }

  /** Runs both models on {@code args[0]} (a master URL) with {@code args[1]} partitions. */
  public static void main(String[] args) {
    String master = args.length > 0 ? args[0] : "local[2]";
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    SparkSession.Builder builder = SparkSession.builder().appName("chainrule-spark-steps").config("spark.ui.enabled", "false");
    SparkSession spark = (System.getProperty("spark.master") == null ? builder.master(master) : builder).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      run(spark, "mlp", SparkSteps::mlp, 64, 100, partitions, master);
      run(spark, "wide", SparkSteps::wide, 512, 20, partitions, master);
    } finally {
      spark.stop();
    }
  }

  private static void run(SparkSession spark, String name, Factory<Module> model, int batch, int steps, int partitions,
      String master) {
    Dataset<Row> data = data(spark, batch * steps).repartition(partitions).cache();
    data.count();
    SparkTrainer trainer = SparkTrainer.builder().model(model).loss(CrossEntropy::sum).optimizer(() -> Sgd.of(0.01))
        .globalBatchSize(batch).format(RowFormat.of("pixels", "label")).stopWhen(StoppingCriterion.maxEpochs(2))
        .build();
    double onSpark = secondEpoch(trainer.fit(data, null));
    double local = secondEpoch(trainer.fitLocally(trainer.partitions(data), null));
    int stepsPerEpoch = batch * steps / batch;
    print(name, master, partitions, onSpark / stepsPerEpoch, batch);
    print(name, "single-jvm", partitions, local / stepsPerEpoch, batch);
    data.unpersist();
  }

  private static void print(String model, String where, int partitions, double msPerStep, int batch) {
    System.out.printf(Locale.ROOT, "spark_step model=%s master=%s partitions=%d ms_per_step=%.1f examples_per_s=%.0f%n",
        model, where, partitions, msPerStep, batch * 1000 / msPerStep);
  }

  private static double secondEpoch(Fitted fitted) {
    return fitted.history().epochs().get(1).duration().toNanos() / 1e6;
  }

  private static Dataset<Row> data(SparkSession spark, int n) {
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] x = new float[784];
      for (int j = 0; j < x.length; j++) {
        x[j] = random.nextFloat();
      }
      rows.add(RowFactory.create(x, (double) random.nextInt(10)));
    }
    StructType schema = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.FloatType))
        .add("label", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
