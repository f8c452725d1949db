package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer suite's MLP ({@link MlpWorkload}): a whole training step, and forward plus backward alone.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes one step allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class MlpBenchmark {
  private MlpWorkload mlp;

  @Setup
  public void setUp() {
    mlp = new MlpWorkload(42);
  }

  @Benchmark
  public Tensor trainStep() {
    return mlp.step();
  }

  @Benchmark
  public Tensor forwardBackward() {
    Tensor loss = mlp.loss();
    loss.backward();
    mlp.zeroGrad();
    return loss;
  }
}
