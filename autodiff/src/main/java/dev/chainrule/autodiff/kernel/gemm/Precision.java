package dev.chainrule.autodiff.kernel.gemm;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The element-level steps of a product in one dtype, over its array type {@code A} ({@code float[]} or
 * {@code double[]}): allocation, packing and the micro-kernel call, each handed to the loop twin written
 * for that dtype. {@link Worker}, {@link Gemm} and {@link PackingBuffers} are written once over it.
 */
interface Precision<A> {
  /** float32, over {@code float[]}. */
  Precision<float[]> FLOAT32 = new Precision<>() {
    @Override
    public float[] allocate(int size) {
      return new float[size];
    }

    @Override
    public int length(float[] array) {
      return array.length;
    }

    @Override
    public int columns(MicroKernel kernel) {
      return kernel.floatColumns();
    }

    @Override
    public void pack(MicroKernel kernel, float[] source, int offset, int indexStride, int depthStride,
        int from, int count, int depth, int kc, int width, float[] into, int at) {
      kernel.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, into, at);
    }

    @Override
    public void tile(MicroKernel kernel, int kc, float[] a, int aFrom,
        float[] b, int bFrom, float[] c, int cFrom, int ldc) {
      kernel.tile(kc, a, aFrom, b, bFrom, c, cFrom, ldc);
    }

    @Override
    public void simple(float[] a, float[] b, float[] c, GemmShape shape, Chunk chunk) {
      Gemm.simple(a, b, c, shape, chunk);
    }

    @Override
    public void simple(float[] a, float[] b, float[] c, GemmShape shape) {
      Gemm.simple(a, b, c, shape);
    }

    @Override
    public void addBias(float[] c, int at, int ldc, float[] bias, int from, int rows, int columns) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0, row = at + i * ldc; j < columns; j++) {
          c[row + j] += bias[from + j];
        }
      }
    }
  };

  /** float64, over {@code double[]}. */
  Precision<double[]> FLOAT64 = new Precision<>() {
    @Override
    public double[] allocate(int size) {
      return new double[size];
    }

    @Override
    public int length(double[] array) {
      return array.length;
    }

    @Override
    public int columns(MicroKernel kernel) {
      return kernel.doubleColumns();
    }

    @Override
    public void pack(MicroKernel kernel, double[] source, int offset, int indexStride, int depthStride,
        int from, int count, int depth, int kc, int width, double[] into, int at) {
      kernel.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, into, at);
    }

    @Override
    public void tile(MicroKernel kernel, int kc, double[] a, int aFrom,
        double[] b, int bFrom, double[] c, int cFrom, int ldc) {
      kernel.tile(kc, a, aFrom, b, bFrom, c, cFrom, ldc);
    }

    @Override
    public void simple(double[] a, double[] b, double[] c, GemmShape shape, Chunk chunk) {
      Gemm.simple(a, b, c, shape, chunk);
    }

    @Override
    public void simple(double[] a, double[] b, double[] c, GemmShape shape) {
      Gemm.simple(a, b, c, shape);
    }

    @Override
    public void addBias(double[] c, int at, int ldc, double[] bias, int from, int rows, int columns) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0, row = at + i * ldc; j < columns; j++) {
          c[row + j] += bias[from + j];
        }
      }
    }
  };

  /** The precision of {@code array}, a {@code float[]} or a {@code double[]}. */
  @SuppressWarnings("unchecked")
  static <A> Precision<A> of(A array) {
    checkArgument(array instanceof float[] || array instanceof double[], "matmul: expected float[] or double[]; got %s",
        array.getClass().getSimpleName());
    return (Precision<A>) (array instanceof float[] ? FLOAT32 : FLOAT64);
  }

  /** A zeroed array of {@code size} elements. */
  A allocate(int size);

  /** The number of elements of {@code array}. */
  int length(A array);

  /** Columns of {@code C} in one tile of {@code kernel} in this dtype. */
  int columns(MicroKernel kernel);

  /** {@link MicroKernel#pack} in this dtype. */
  void pack(MicroKernel kernel, A source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, A into, int at);

  /** {@link MicroKernel#tile} in this dtype. */
  void tile(MicroKernel kernel, int kc, A a, int aFrom, A b, int bFrom, A c, int cFrom, int ldc);

  /** {@link Gemm#simple} in this dtype. */
  void simple(A a, A b, A c, GemmShape shape);

  /** {@link Gemm#simple} of one chunk in this dtype. */
  void simple(A a, A b, A c, GemmShape shape, Chunk chunk);

  /** Adds {@code bias[from …]} to {@code rows} rows of {@code columns} of {@code c} from {@code at}, rows {@code ldc} apart. */
  void addBias(A c, int at, int ldc, A bias, int from, int rows, int columns);
}
