package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The graph's own overhead: a chain of {@value #OPS} scalar ops (alternating {@code ·a} and {@code +b})
 * built and backpropagated, reported per op, for rank-0 and one-element tensors of both dtypes. Each op
 * makes one graph node, so with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes per node
 * (forward and backward together).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Xss512k"})
public class GraphBenchmark {
  static final int OPS = 1000;

  @Param({"FLOAT32", "FLOAT64"})
  DType dtype;

  @Param({"0", "1"})
  int rank;

  private Tensor x;
  private Tensor a;
  private Tensor b;

  @Setup
  public void setUp() {
    x = leaf(1.0);
    a = leaf(1.0001);
    b = leaf(0.0001);
  }

  private Tensor leaf(double value) {
    Tensor scalar = Tensor.scalar(value, dtype);
    return (rank == 0 ? scalar : scalar.reshape(1)).detach().requiresGrad();
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public Tensor chainForwardBackward() {
    Tensor y = ScalarChain.build(x, a, b, OPS);
    y.backward();
    x.zeroGrad();
    a.zeroGrad();
    b.zeroGrad();
    return y;
  }
}
