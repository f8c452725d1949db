package dev.chainrule.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One Spark session for every test of this JVM: local mode on 2 threads, where a failed task is tried up
 * to 4 times (so a test can fail a task once and watch Spark retry it). Spark stops with the JVM.
 */
final class SharedSpark {
  private SharedSpark() {}

  static SparkSession session() {
    return Holder.SESSION;
  }

  /** Created on first use. */
  private static final class Holder {
    static final SparkSession SESSION = SparkSession.builder()
        .master("local[2,4]")
        .appName("chainrule-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();

    static {
      SESSION.sparkContext().setLogLevel("WARN");
    }
  }
}
