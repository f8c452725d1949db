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
 * Elementwise ops on an {@code rows × 1024} matrix of constants (so no graph is recorded): equal shapes,
 * a row vector broadcast over the rows (a bias add), a scalar (an optimizer's {@code lr · g}), and unary
 * ops. Time per call; the {@code -prof gc} profiler shows what each call allocates beyond its output.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ElementwiseBenchmark {
  @Param({"1", "64", "1024"})
  int rows;

  @Param({"FLOAT32", "FLOAT64"})
  DType dtype;

  private Tensor x;
  private Tensor y;
  private Tensor row;
  private Tensor scalar;

  @Setup
  public void setUp() {
    Random random = new Random(11);
    x = Tensor.of(NdArray.uniform(Shape.of(rows, 1024), dtype, -1, 1, random));
    y = Tensor.of(NdArray.uniform(Shape.of(rows, 1024), dtype, -1, 1, random));
    row = Tensor.of(NdArray.uniform(Shape.of(1024), dtype, -1, 1, random));
    scalar = Tensor.scalar(0.01, dtype);
  }

  @Benchmark
  public Tensor addSameShape() {
    return x.add(y);
  }

  @Benchmark
  public Tensor addRowBroadcast() {
    return x.add(row);
  }

  @Benchmark
  public Tensor mulScalarBroadcast() {
    return x.mul(scalar);
  }

  @Benchmark
  public Tensor exp() {
    return x.exp();
  }

  @Benchmark
  public Tensor relu() {
    return x.relu();
  }

  @Benchmark
  public Tensor tanh() {
    return x.tanh();
  }

  @Benchmark
  public Tensor sigmoid() {
    return x.sigmoid();
  }
}
