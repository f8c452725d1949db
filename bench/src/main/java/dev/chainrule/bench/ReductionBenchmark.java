package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reductions of an {@code rows × 1024} matrix of constants: over everything, over the rows (a bias
 * gradient: {@code [rows, 1024] → [1024]}), over the columns, and a max. Time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ReductionBenchmark {
  @Param({"64", "1024"})
  int rows;

  @Param({"FLOAT32", "FLOAT64"})
  DType dtype;

  private Tensor x;

  @Setup
  public void setUp() {
    x = Tensor.of(NdArray.uniform(Shape.of(rows, 1024), dtype, -1, 1, new Random(13)));
  }

  @Benchmark
  public Tensor sumAll() {
    return x.sum();
  }

  @Benchmark
  public Tensor sumOverRows() {
    return x.sum(0);
  }

  @Benchmark
  public Tensor sumOverColumns() {
    return x.sum(1);
  }

  @Benchmark
  public Tensor maxAll() {
    return x.max();
  }
}
