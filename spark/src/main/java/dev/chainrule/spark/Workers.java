package dev.chainrule.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Where the partitions' tasks run: on a Spark cluster ({@link SparkWorkers}) or one after another in this
 * JVM ({@link LocalWorkers}, the reference). Both give the results in partition order.
 */
interface Workers {
  /** One task's work on its partition, from the bytes the driver broadcast. */
  @FunctionalInterface
  interface Task extends Serializable {
    /** The task's result for partition {@code partition} holding {@code shard}. */
    byte[] run(dev.chainrule.nn.data.Dataset shard, int partition, byte[] broadcast);
  }

  /** The number of partitions. */
  int partitions();

  /** The number of examples of each partition, in order. */
  List<Integer> sizes();

  /** Runs {@code task} on every partition with {@code broadcast}; the results in partition order. */
  List<byte[]> run(Task task, byte[] broadcast);

  /** Releases what the workers hold (cached partitions). */
  void release();
}
