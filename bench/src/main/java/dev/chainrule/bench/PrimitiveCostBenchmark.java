package dev.chainrule.bench;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
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
 * What a primitive saves over the composition it could be replaced by: each candidate primitive
 * ({@code xPrimitive}) next to its compositions of other primitives, for deciding which primitives earn
 * their place in {@code Op}'s {@code permits} list.
 *
 * <p>{@code pass = backward} times the op, {@code result.sum()} and the backward pass to the
 * requires-grad inputs; {@code pass = forward} times the op alone under {@link Autodiff#noGrad()}.
 * {@code size} is the element count: elementwise ops run on a rank-0 tensor, {@code [1000]} or
 * {@code [1000000]}; the index and concat ops and softmax (over rows of 64, attention's length) on {@code [4, 1]}, {@code [16, 64]} or {@code [16000, 64]}
 * (selecting as many rows as there are, repeats allowed; concatenating four equal parts along axis 0).
 * The index compositions build their index array per call, as a front-end method would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class PrimitiveCostBenchmark {
  @Param({"1", "1000", "1000000"})
  int size;

  @Param({"FLOAT32", "FLOAT64"})
  DType dtype;

  @Param({"backward", "forward"})
  String pass;

  private Tensor x;
  private Tensor y;
  private Tensor positive;
  private Tensor two;
  private Tensor matrix;
  private int[] rows;
  private Tensor[] parts;

  @Setup
  public void setUp() {
    Random random = new Random(17);
    Shape shape = size == 1 ? Shape.of() : Shape.of(size);
    x = Tensor.of(NdArray.uniform(shape, dtype, -2, 2, random)).requiresGrad();
    y = Tensor.of(NdArray.uniform(shape, dtype, -2, 2, random)).requiresGrad();
    positive = Tensor.of(NdArray.uniform(shape, dtype, 0.5, 2, random)).requiresGrad();
    two = Tensor.scalar(2, dtype);
    int n = size == 1 ? 4 : size == 1000 ? 16 : 16000;
    int cols = size == 1 ? 1 : 64;
    matrix = Tensor.of(NdArray.uniform(Shape.of(n, cols), dtype, -2, 2, random)).requiresGrad();
    rows = random.ints(n, 0, n).toArray();
    parts = new Tensor[4];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Tensor.of(NdArray.uniform(Shape.of(n / 4, cols), dtype, -2, 2, random)).requiresGrad();
    }
  }

  /** The op's result alone (forward), or its sum backpropagated to every leaf here (backward). */
  private Tensor run(Supplier<Tensor> op) {
    if (pass.equals("forward")) {
      try (GradScope ignored = Autodiff.noGrad()) {
        return op.get();
      }
    }
    Tensor out = op.get();
    out.sum().backward();
    for (Tensor leaf : new Tensor[] {x, y, positive, matrix, parts[0], parts[1], parts[2], parts[3]}) {
      leaf.zeroGrad();
    }
    return out;
  }

  /** {@code indices[i]} repeated along a row of {@code cols}: the index array gather needs for indexSelect. */
  static NdArray rowIndices(int[] indices, int cols, DType dtype) {
    double[] values = new double[indices.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = indices[i];
    }
    return Tensor.of(NdArray.of(Shape.of(indices.length, 1), values).to(dtype)).broadcastTo(Shape.of(indices.length, cols)).value();
  }

  /** Concatenation along axis 0 as a sum of the parts, each padded to the full extent. */
  static Tensor padAndAdd(Tensor... parts) {
    int total = 0;
    for (Tensor p : parts) {
      total += p.shape().dim(0);
    }
    Tensor sum = null;
    int offset = 0;
    for (Tensor p : parts) {
      int extent = p.shape().dim(0);
      Tensor padded = p.pad(0, offset, total - offset - extent);
      sum = sum == null ? padded : sum.add(padded);
      offset += extent;
    }
    return sum;
  }

  @Benchmark
  public Tensor subPrimitive() {
    return run(() -> x.sub(y));
  }

  @Benchmark
  public Tensor subAddNeg() {
    return run(() -> x.add(y.neg()));
  }

  @Benchmark
  public Tensor reluPrimitive() {
    return run(() -> x.relu());
  }

  @Benchmark
  public Tensor reluMulMask() {
    return run(() -> x.mul(x.gt(0)));
  }

  @Benchmark
  public Tensor reluWhere() {
    return run(() -> Tensor.where(x.gt(0), x, Tensor.scalar(0, dtype)));
  }

  @Benchmark
  public Tensor softmaxPrimitive() {
    return run(() -> matrix.softmax(-1));
  }

  @Benchmark
  public Tensor softmaxComposed() {
    return run(() -> {
      Tensor shifted = matrix.sub(matrix.max(Axes.keep(-1)).detach()).exp();
      return shifted.div(shifted.sum(Axes.keep(-1)));
    });
  }

  @Benchmark
  public Tensor absPrimitive() {
    return run(() -> x.abs());
  }

  @Benchmark
  public Tensor absMulSign() {
    return run(() -> x.mul(x.sign()));
  }

  @Benchmark
  public Tensor absWhere() {
    return run(() -> Tensor.where(x.lt(0), x.neg(), x));
  }

  @Benchmark
  public Tensor cosPrimitive() {
    return run(() -> x.cos());
  }

  @Benchmark
  public Tensor cosShiftedSin() {
    return run(() -> x.add(Math.PI / 2).sin());
  }

  @Benchmark
  public Tensor powScalarPrimitive() {
    return run(() -> positive.pow(2));
  }

  @Benchmark
  public Tensor powScalarTensorExponent() {
    return run(() -> positive.pow(two));
  }

  @Benchmark
  public Tensor indexSelectPrimitive() {
    return run(() -> matrix.indexSelect(0, rows));
  }

  @Benchmark
  public Tensor indexSelectGather() {
    return run(() -> matrix.gather(0, rowIndices(rows, matrix.shape().dim(1), dtype)));
  }

  @Benchmark
  public Tensor indexAddPrimitive() {
    return run(() -> matrix.indexAdd(0, matrix.shape().dim(0), rows));
  }

  @Benchmark
  public Tensor indexAddScatterAdd() {
    return run(() -> matrix.scatterAdd(0, rowIndices(rows, matrix.shape().dim(1), dtype), matrix.shape()));
  }

  @Benchmark
  public Tensor concatPrimitive() {
    return run(() -> Tensor.concat(0, parts));
  }

  @Benchmark
  public Tensor concatPadAdd() {
    return run(() -> padAndAdd(parts));
  }
}
