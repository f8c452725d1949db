package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The partitions of a {@code Dataset<Row>}, each converted once to arrays and cached in its executor's
 * memory; a task per partition per job, its result collected in partition order (not in completion order,
 * as {@code treeAggregate} would, which is what makes synchronous training reproducible).
 */
final class SparkWorkers implements Workers {
  private final JavaSparkContext context;
  private final JavaRDD<Dataset> shards;
  private final List<Integer> sizes;

  SparkWorkers(org.apache.spark.sql.Dataset<Row> rows, RowFormat format, DType dtype) {
    this.context = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
    this.shards = rows.toJavaRDD().mapPartitions(it -> List.of(shard(it, format, dtype)).iterator())
        .persist(StorageLevel.MEMORY_ONLY());
    this.sizes = List.copyOf(shards.map(Dataset::size).collect());
  }

  /** A partition's rows as one dataset: features {@code [n, shape…]}, targets {@code [n]} or {@code [n, t]}. */
  static Dataset shard(Iterator<Row> rows, RowFormat format, DType dtype) {
    List<double[]> features = new ArrayList<>();
    List<double[]> labels = new ArrayList<>();
    boolean scalar = true;
    while (rows.hasNext()) {
      Row row = rows.next();
      features.add(format.features(row));
      labels.add(format.label(row));
      scalar = format.scalarLabel(row);
    }
    int n = features.size();
    int width = n == 0 ? shapeSize(format.featureShape()) : features.get(0).length;
    int[] shape = format.featureShape().length == 0 ? new int[] {width} : format.featureShape();
    checkArgument(shapeSize(shape) == width, "spark: rows have %s features, which the feature shape %s does not hold",
        width, java.util.Arrays.toString(shape));
    int labelWidth = n == 0 ? 1 : labels.get(0).length;
    double[] x = new double[n * width];
    double[] y = new double[n * labelWidth];
    for (int i = 0; i < n; i++) {
      checkArgument(features.get(i).length == width && labels.get(i).length == labelWidth,
          "spark: rows differ in their number of features or labels; got %s and %s features, %s and %s labels",
          width, features.get(i).length, labelWidth, labels.get(i).length);
      System.arraycopy(features.get(i), 0, x, i * width, width);
      System.arraycopy(labels.get(i), 0, y, i * labelWidth, labelWidth);
    }
    int[] dims = new int[shape.length + 1];
    dims[0] = n;
    System.arraycopy(shape, 0, dims, 1, shape.length);
    Shape targets = scalar ? Shape.of(n) : Shape.of(n, labelWidth);
    return new Dataset(NdArray.of(Shape.of(dims), x).to(dtype), NdArray.of(targets, y).to(dtype));
  }

  private static int shapeSize(int[] shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    return shape.length == 0 ? 0 : size;
  }

  @Override
  public int partitions() {
    return sizes.size();
  }

  @Override
  public List<Integer> sizes() {
    return sizes;
  }

  @Override
  public List<byte[]> run(Task task, byte[] state) {
    Broadcast<byte[]> broadcast = context.broadcast(state);
    try {
      return shards.mapPartitionsWithIndex(
          (p, it) -> List.of(task.run(it.next(), p, broadcast.value())).iterator(), true).collect();
    } finally {
      broadcast.destroy();
    }
  }

  @Override
  public void release() {
    shards.unpersist(false);
  }
}
