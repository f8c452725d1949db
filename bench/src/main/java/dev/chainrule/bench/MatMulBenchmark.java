package dev.chainrule.bench;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
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
 * Square matrix products {@code A·B}, {@code Aᵀ·B} and {@code A·Bᵀ} (the three backward needs) on the
 * default kernels, for n = 64…2048 in both dtypes. GFLOPS = 2n³ / time. The thread count is the
 * kernels' own: add {@code -jvmArgsAppend -Dchainrule.threads=1} to pin it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class MatMulBenchmark {
  @Param({"64", "128", "256", "512", "1024", "2048"})
  int n;

  @Param({"FLOAT32", "FLOAT64"})
  DType dtype;

  private NdArray a;
  private NdArray b;

  @Setup
  public void setUp() {
    Random random = new Random(7);
    a = NdArray.uniform(Shape.of(n, n), dtype, -1, 1, random);
    b = NdArray.uniform(Shape.of(n, n), dtype, -1, 1, random);
  }

  @Benchmark
  public NdArray product() {
    return Gemm.matmul(a, b, false, false);
  }

  @Benchmark
  public NdArray transposedLeft() {
    return Gemm.matmul(a, b, true, false);
  }

  @Benchmark
  public NdArray transposedRight() {
    return Gemm.matmul(a, b, false, true);
  }
}
