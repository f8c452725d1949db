package dev.chainrule.autodiff.kernel.gemm;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Storage;

/**
 * Batched matrix products {@code C[b] = op(A[b]) · op(B[b])}, where {@code op} is identity or transpose:
 * the entry point that forward and backward of {@code MatMul} share.
 *
 * <p>Transposes are absorbed in packing (or, for small products, in the index arithmetic), never
 * materialized, so backward's {@code G·Bᵀ} and {@code Aᵀ·G} cost about what a forward product does.
 * Products of at least {@link #SIMPLE_LIMIT} multiply-adds per matrix run the cache-blocked, packed,
 * register-tiled loops of {@link Blocking} on the {@link Kernels} setting's micro-kernel and threads;
 * smaller ones run a simple loop, which for them is faster than packing.
 *
 * <p>Accumulation is in the arrays' own dtype, as in BLAS: a float32 product sums in float32 (with one
 * rounding per fused multiply-add), so its error grows like {@code k·2⁻²⁴} relative to
 * {@code Σ |a||b|}. Every path computes each element as the same chain of fused multiply-adds over the
 * depth in increasing order, so results do not depend on the size threshold, the kernel or the threads.
 */
public final class Gemm {
  /** Multiply-adds per matrix below which the simple loop runs: the measured crossover is near 8³. */
  static final long SIMPLE_LIMIT = 8 * 8 * 8;

  /**
   * Work each thread must get, about 30 µs on one core at the 512-bit kernels' speed. Waking a parked
   * helper costs 35-100 µs on the two-core VM this was measured on; helpers poll briefly after each
   * product (see {@link dev.chainrule.autodiff.kernel.Threads}), which makes a sequence of products cheap to hand off, yet the
   * training step of a 784-128-64-10 network on a batch of 64 (largest product 6.4 M multiply-adds) still
   * ran no faster on two threads than on one, and slower on JDK 17, so its products stay on one thread.
   * A 256³ product (16.8 M) runs 1.6× faster on two.
   */
  static final long MULTIPLY_ADDS_PER_THREAD = 1 << 22;

  /** The depth or rows up to which {@link #isThin} products take the simple loop (measured: 12 ms to 3 ms at depth 1). */
  static final int THIN_DEPTH = 4;

  /** Output elements each thread of a thin product must get. */
  static final long THIN_OUTPUT_PER_THREAD = 1 << 20;

  private Gemm() {}

  /**
   * The most threads one product or element loop may use, from {@code chainrule.threads} (every core by default).
   *
   * @throws IllegalArgumentException when a kernel property has a malformed value (naming it)
   */
  public static int configuredThreads() {
    return Kernels.configured().threads();
  }

  /**
   * True when the configured kernels are the Vector API's, so that element loops may use it too; false
   * when a kernel property is malformed (the products report that).
   */
  public static boolean vectorized() {
    return KernelSelection.vectorConfigured();
  }

  /**
   * The batched product {@code op(a) · op(b)} over the last two axes, where {@code op} transposes when its
   * flag is set; the operands have one dtype, equal rank and equal batch axes (checked by the caller).
   * Transposes are absorbed by the kernels, never materialised.
   */
  public static NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB) {
    Shape s = a.shape();
    int r = s.rank();
    int m = s.dim(transposeA ? r - 1 : r - 2);
    int k = s.dim(transposeA ? r - 2 : r - 1);
    int n = b.shape().dim(transposeB ? r - 2 : r - 1);
    int batch = 1;
    for (int axis = 0; axis < r - 2; axis++) {
      batch *= s.dim(axis);
    }
    Shape out = s.withDim(r - 2, m).withDim(r - 1, n);
    Storage x = matrices(a.storage());
    Storage y = matrices(b.storage());
    GemmShape shape = new GemmShape(batch, m, n, k, transposeA, transposeB, x.size() < a.size(), y.size() < b.size());
    if (a.dtype() == DType.FLOAT64) {
      return NdArray.of(Storage.of(out, multiply(Kernels.configured(), x.f64(), y.f64(), shape)));
    }
    return NdArray.of(Storage.of(out, multiply(Kernels.configured(), x.f32(), y.f32(), shape)));
  }

  /**
   * {@code x·wᵀ + bias} for {@code x [m, k]}, {@code w [n, k]} and {@code bias [n]}, of one dtype (checked
   * by the caller): a linear layer, with the bias added to each tile of the product as it is finished,
   * while in cache, instead of in a pass of its own. The same bits as the product plus the bias.
   */
  public static NdArray linear(NdArray x, NdArray w, NdArray bias) {
    GemmShape shape = new GemmShape(1, x.shape().dim(0), w.shape().dim(0), x.shape().dim(1), false, true);
    Shape out = Shape.of(shape.m(), shape.n());
    Kernels kernels = Kernels.configured();
    if (x.dtype() == DType.FLOAT64) {
      return NdArray.of(Storage.of(out, multiply(kernels, x.storage().f64(), w.storage().f64(), bias.storage().f64(), shape)));
    }
    return NdArray.of(Storage.of(out, multiply(kernels, x.storage().f32(), w.storage().f32(), bias.storage().f32(), shape)));
  }

  /**
   * The stored matrices of an operand: for a broadcast view that repeats one matrix over the batch (a
   * convolution's weight against a batch of images' columns), that one matrix, read by every member of
   * the batch in place, where writing the view out copied it once per member; otherwise the operand,
   * written out if a view.
   */
  private static Storage matrices(Storage operand) {
    if (!operand.isView()) {
      return operand;
    }
    Storage source = operand.source();
    Shape s = operand.shape();
    Shape from = source.shape();
    int r = s.rank();
    boolean oneMatrix = r > 2 && from.rank() >= 2 && from.dim(from.rank() - 2) == s.dim(r - 2)
        && from.dim(from.rank() - 1) == s.dim(r - 1) && source.size() == s.dim(r - 2) * s.dim(r - 1);
    return oneMatrix && !source.isView() ? source : operand;
  }

  /**
   * Multiplies {@code batch} pairs of matrices ({@code float[]} or {@code double[]}) with the given kernels:
   * the simple loop when small, else the blocked loops on as many of the setting's threads as the work
   * pays for.
   */
  static <A> A multiply(Kernels kernels, A a, A b, GemmShape shape) {
    return multiply(kernels, a, b, null, shape);
  }

  /** {@link #multiply(Kernels, Object, Object, GemmShape)} plus {@code bias} (one per column, or null) in every row. */
  static <A> A multiply(Kernels kernels, A a, A b, A bias, GemmShape shape) {
    if (isSmall(shape) || bias != null && isThin(shape)) {
      Precision<A> precision = Precision.of(a);
      A c = precision.allocate(shape.batch() * shape.m() * shape.n());
      precision.simple(a, b, c, shape);
      if (bias != null) {
        precision.addBias(c, 0, shape.n(), bias, 0, shape.batch() * shape.m(), shape.n());
      }
      return c;
    }
    if (isThin(shape)) {
      return thin(kernels, a, b, shape);
    }
    return blocked(kernels.withThreads(threadsFor(shape, kernels.threads())), a, b, bias, shape);
  }

  /**
   * A {@link #isThin thin} product by the simple loop, whose speed is the memory's: on two threads when its
   * output has at least {@link #THIN_OUTPUT_PER_THREAD} elements (measured: 5.3 ms on one, 4.5 on two for
   * 64 outer products of 128 × 784 in float32).
   */
  private static <A> A thin(Kernels kernels, A a, A b, GemmShape shape) {
    Precision<A> precision = Precision.of(a);
    long outputs = (long) shape.batch() * shape.m() * shape.n();
    A c = precision.allocate((int) outputs);
    int threads = (int) Math.min(kernels.threads(), Math.max(1, outputs / THIN_OUTPUT_PER_THREAD));
    Parallel.run(Parallel.plan(shape, threads, 1, 1), threads, () -> chunk -> precision.simple(a, b, c, shape, chunk));
    return c;
  }

  /** The blocked product on exactly the setting's threads (fewer only if there are fewer chunks). */
  static <A> A blocked(Kernels kernels, A a, A b, GemmShape shape) {
    return blocked(kernels, a, b, null, shape);
  }

  private static <A> A blocked(Kernels kernels, A a, A b, A bias, GemmShape shape) {
    Precision<A> precision = Precision.of(a);
    A c = precision.allocate(shape.batch() * shape.m() * shape.n());
    MicroKernel kernel = kernels.microKernel();
    Parallel.run(
        Parallel.plan(shape, kernels.threads(), kernel.rows(), precision.columns(kernel)),
        kernels.threads(),
        () -> new Worker<>(precision, kernel, a, b, c, bias, shape));
    return c;
  }

  /** Threads worth using: at most {@code threads}, and one per {@link #MULTIPLY_ADDS_PER_THREAD}. */
  static int threadsFor(GemmShape shape, int threads) {
    return (int) Math.min(threads, Math.max(1, shape.multiplyAdds() / MULTIPLY_ADDS_PER_THREAD));
  }

  private static boolean isSmall(GemmShape shape) {
    return (long) shape.m() * shape.n() * shape.k() < SIMPLE_LIMIT;
  }

  /**
   * A product of depth or rows at most {@link #THIN_DEPTH}, with rows of {@code B} contiguous: a sum of a few
   * outer products (vmap's per-example weight gradients have depth 1), or a few rows (a weighted sum of
   * the rows of {@code B}), which the simple loop streams at memory speed, where packing would copy both
   * operands for a handful of multiply-adds per element.
   */
  private static boolean isThin(GemmShape shape) {
    return (shape.k() <= THIN_DEPTH || shape.m() <= THIN_DEPTH) && !shape.transposeB();
  }

  /** The products into the zeroed {@code c} with the simple loop, for every matrix of the batch. */
  static void simple(double[] a, double[] b, double[] c, GemmShape s) {
    for (int matrix = 0; matrix < s.batch(); matrix++) {
      simple(a, b, c, s, new Chunk(matrix, 0, s.m(), 0, s.n()));
    }
  }

  /**
   * One chunk of the product into the zeroed {@code c}, row by row as a sum of rows of {@code B}. The first
   * step of the depth writes {@code x·b + 0}, which is {@code fma(x, b, 0)} bit for bit (the sign of a
   * zero included), without reading {@code c}: a product of depth 1 then writes its output once.
   */
  static void simple(double[] a, double[] b, double[] c, GemmShape s, Chunk chunk) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    int ao = s.aOffset(chunk.matrix());
    int bo = s.bOffset(chunk.matrix());
    int co = chunk.matrix() * m * n;
    int stride = s.bColumnStride();
    for (int i = chunk.rowFrom(); i < chunk.rowTo(); i++) {
      int row = co + i * n;
      for (int q = 0; q < k; q++) {
        double x = a[ao + i * s.aRowStride() + q * s.aDepthStride()];
        int bq = bo + q * s.bDepthStride();
        if (q == 0 && stride == 1) { // the common cases, in forms the JIT vectorizes
          for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
            c[row + j] = x * b[bq + j] + 0.0;
          }
        } else if (stride == 1) {
          for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
            c[row + j] = Math.fma(x, b[bq + j], c[row + j]);
          }
        } else {
          for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
            c[row + j] = Math.fma(x, b[bq + j * stride], c[row + j]);
          }
        }
      }
    }
  }

  /** The float32 twin of {@link #simple(double[], double[], double[], GemmShape)}. */
  static void simple(float[] a, float[] b, float[] c, GemmShape s) {
    for (int matrix = 0; matrix < s.batch(); matrix++) {
      simple(a, b, c, s, new Chunk(matrix, 0, s.m(), 0, s.n()));
    }
  }

  /** The float32 twin of {@link #simple(double[], double[], double[], GemmShape, Chunk)}. */
  static void simple(float[] a, float[] b, float[] c, GemmShape s, Chunk chunk) {
    int m = s.m();
    int n = s.n();
    int k = s.k();
    int ao = s.aOffset(chunk.matrix());
    int bo = s.bOffset(chunk.matrix());
    int co = chunk.matrix() * m * n;
    int stride = s.bColumnStride();
    for (int i = chunk.rowFrom(); i < chunk.rowTo(); i++) {
      int row = co + i * n;
      for (int q = 0; q < k; q++) {
        float x = a[ao + i * s.aRowStride() + q * s.aDepthStride()];
        int bq = bo + q * s.bDepthStride();
        if (q == 0 && stride == 1) {
          for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
            c[row + j] = x * b[bq + j] + 0.0f;
          }
        } else if (stride == 1) {
          for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
            c[row + j] = Math.fma(x, b[bq + j], c[row + j]);
          }
        } else {
          for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
            c[row + j] = Math.fma(x, b[bq + j * stride], c[row + j]);
          }
        }
      }
    }
  }
}
