package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.nn.ParameterSchema;
import dev.chainrule.nn.train.TrainingListener;
import dev.chainrule.spark.Fitted;
import dev.chainrule.spark.SparkTrainer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship network on Spark learns the digits from Parquet, and its weights are the single-JVM
 * reference's, bit for bit.
 */
class MnistOnSparkTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void learnsFromParquetAsTheSingleJvmReferenceDoes(@TempDir Path dir) {
    MnistData data = MnistAvailability.subset(MnistAvailability.load(), 3200, 1000);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("mnist-on-spark-test")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      org.apache.spark.sql.Dataset<Row> train = MnistOnSpark.parquet(spark, data.train(), dir.resolve("train"))
          .repartition(2);
      org.apache.spark.sql.Dataset<Row> test = MnistOnSpark.parquet(spark, data.test(), dir.resolve("test"));
      SparkTrainer trainer = MnistOnSpark.trainer(1, TrainingListener.silent());
      Fitted onSpark = trainer.fit(train, test);
      Fitted reference = trainer.fitLocally(trainer.partitions(train), data.test());
      double accuracy = onSpark.history().last().metrics().get("accuracy");
      // 100 steps of a sigmoid network: well above chance (10 %), far from the 92 % of a full epoch
      assertTrue(accuracy >= 0.35, "test accuracy after 100 steps: " + accuracy);
      assertEquals(reference.history().last().metrics().get("accuracy"), accuracy, 0);
      ParameterSchema.values(reference.model()).forEach((name, value) -> assertArrayEquals(value.toDoubleArray(),
          ParameterSchema.values(onSpark.model()).get(name).toDoubleArray(), 0, name));
    } finally {
      spark.stop();
    }
  }
}
