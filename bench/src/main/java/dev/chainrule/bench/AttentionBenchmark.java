package dev.chainrule.bench;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Multi-head attention's core, from projected queries, keys and values {@code [16, L, 128]} (4 heads of
 * 32, the peer transformer's sizes at {@code L = 64}) to the heads joined again: the two primitives that
 * read the heads in place ({@code fused}) against the composition they replaced ({@code composed}: split
 * the heads, divide, product, softmax, product, join). {@code pass = backward} times the forward, a sum
 * and the backward to q, k and v; {@code pass = forward} the forward alone without recording.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class AttentionBenchmark {
  private static final int HEADS = 4;

  @Param({"64", "256"})
  int length;

  @Param({"backward", "forward"})
  String pass;

  private Tensor q;
  private Tensor k;
  private Tensor v;

  @Setup
  public void setUp() {
    Random random = new Random(5);
    Shape shape = Shape.of(16, length, 128);
    q = Tensor.of(NdArray.randn(shape, DType.FLOAT32, random)).requiresGrad();
    k = Tensor.of(NdArray.randn(shape, DType.FLOAT32, random)).requiresGrad();
    v = Tensor.of(NdArray.randn(shape, DType.FLOAT32, random)).requiresGrad();
  }

  private Tensor run(Supplier<Tensor> attention) {
    if (pass.equals("forward")) {
      try (GradScope ignored = Autodiff.noGrad()) {
        return attention.get();
      }
    }
    Tensor out = attention.get();
    out.sum().backward();
    q.zeroGrad();
    k.zeroGrad();
    v.zeroGrad();
    return out;
  }

  @Benchmark
  public Tensor fused() {
    return run(() -> q.scaledDotProductAttention(k, v, HEADS));
  }

  @Benchmark
  public Tensor composed() {
    return run(() -> {
      Tensor scores = split(q).div(Math.sqrt(128 / HEADS)).matmul(split(k).transpose(-2, -1));
      return scores.softmax(-1).matmul(split(v)).permute(0, 2, 1, 3).reshape(16, length, 128);
    });
  }

  private Tensor split(Tensor x) {
    return x.reshape(16, length, HEADS, 128 / HEADS).permute(0, 2, 1, 3);
  }
}
