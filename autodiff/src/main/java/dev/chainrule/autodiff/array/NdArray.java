package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.primitives.Ints;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.Storage;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable n-dimensional array of float32 or float64 numbers in row-major order: the value behind
 * every {@code Tensor}, and what a custom op's forward computes on.
 *
 * <p>Factories copy their input and accessors copy their output, so an {@code NdArray} never changes after
 * it is made. It is a value, not a second op vocabulary: arithmetic, reductions and reshaping are
 * {@code Tensor} operations (which on constants record nothing). {@link #map} and {@link #zip} are here for
 * the forward of a custom elementwise op.
 *
 * <p>{@code NdArray.of(1, 2, 3).map(Math::exp)} → {@code float64[3] [2.71828, 7.38906, 20.0855]}.
 */
public final class NdArray {
  private final Storage storage;

  private NdArray(Storage storage) {
    this.storage = storage;
  }

  /**
   * An array over storage made by Chainrule's kernels. Internal: {@code Storage} is not exported, so code
   * outside the library cannot call this.
   *
   * @param storage the elements, shape and dtype; not copied
   * @return an array over {@code storage}
   */
  @SuppressWarnings("exports")
  public static NdArray of(Storage storage) {
    return new NdArray(storage);
  }

  /**
   * Internal: the elements, for Chainrule's kernels ({@code Storage} is not exported).
   *
   * @return the storage behind this array
   */
  @SuppressWarnings("exports")
  public Storage storage() {
    return storage;
  }

  /**
   * A float64 vector of these values.
   *
   * @param values the elements; copied
   * @return a float64 array of shape {@code [values.length]}
   */
  public static NdArray of(double... values) {
    return of(Shape.of(values.length), values);
  }

  /**
   * A float64 matrix; every row must have the same length.
   *
   * @param rows the rows, all of one length; copied
   * @return a float64 array of shape {@code [rows.length, rows[0].length]}
   */
  public static NdArray of(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] data = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkArgument(rows[i].length == cols, "of: row %s has %s values, row 0 has %s", i, rows[i].length, cols);
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return new NdArray(Storage.of(Shape.of(rows.length, cols), data));
  }

  /**
   * A float64 array of the given shape over a copy of {@code values}.
   *
   * @param shape the shape; its size must equal {@code values.length}
   * @param values the elements in row-major order
   * @return a float64 array
   */
  public static NdArray of(Shape shape, double... values) {
    checkArgument(
        values.length == shape.size(), "of: shape %s needs %s values; got %s", shape, shape.size(), values.length);
    return new NdArray(Storage.of(shape, values.clone()));
  }

  /**
   * A float32 array of the given shape over a copy of {@code values}.
   *
   * @param shape the shape; its size must equal {@code values.length}
   * @param values the elements in row-major order
   * @return a float32 array
   */
  public static NdArray ofFloats(Shape shape, float... values) {
    checkArgument(
        values.length == shape.size(), "of: shape %s needs %s values; got %s", shape, shape.size(), values.length);
    return new NdArray(Storage.of(shape, values.clone()));
  }

  /**
   * A rank-0 float64 array.
   *
   * @param value the element
   * @return a float64 scalar
   */
  public static NdArray scalar(double value) {
    return new NdArray(Storage.of(Shape.SCALAR, new double[] {value}));
  }

  /**
   * A rank-0 array of the given dtype.
   *
   * @param value the element, rounded to float32 for that dtype
   * @param dtype float32 or float64
   * @return a scalar of that dtype
   */
  public static NdArray scalar(double value, DType dtype) {
    checkNotNull(dtype, "scalar: dtype is null");
    return full(Shape.SCALAR, dtype, value);
  }

  /**
   * An array of the given shape and dtype filled with {@code value}.
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @param value every element's value
   * @return the filled array
   */
  public static NdArray full(Shape shape, DType dtype, double value) {
    checkNotNull(dtype, "full: dtype is null");
    if (dtype == DType.FLOAT64) {
      double[] data = new double[shape.size()];
      Arrays.fill(data, value);
      return new NdArray(Storage.of(shape, data));
    }
    float[] data = new float[shape.size()];
    Arrays.fill(data, (float) value);
    return new NdArray(Storage.of(shape, data));
  }

  /**
   * An array of zeros.
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @return an array of that shape and dtype, all zero
   */
  public static NdArray zeros(Shape shape, DType dtype) {
    checkNotNull(dtype, "zeros: dtype is null");
    return new NdArray(Storage.zeros(shape, dtype));
  }

  /**
   * Standard normal samples drawn from {@code random}.
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @param random the source of the samples
   * @return an array of independent samples with mean 0 and standard deviation 1
   */
  public static NdArray randn(Shape shape, DType dtype, Random random) {
    checkNotNull(dtype, "randn: dtype is null"); // before drawing, so a rejected call leaves random as it was
    return sampled(shape, dtype, random::nextGaussian);
  }

  /**
   * Uniform samples in {@code [low, high)} drawn from {@code random}.
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @param low the lower bound, inclusive
   * @param high the upper bound, exclusive
   * @param random the source of the samples
   * @return an array of independent uniform samples
   */
  public static NdArray uniform(Shape shape, DType dtype, double low, double high, Random random) {
    checkNotNull(dtype, "uniform: dtype is null");
    // also rejects NaN and infinite bounds, and a range too wide for a double
    checkArgument(low <= high && Double.isFinite(high - low), "uniform: bounds must be finite with low <= high; got %s and %s", low, high);
    return sampled(shape, dtype, () -> low + (high - low) * random.nextDouble());
  }

  private static NdArray sampled(Shape shape, DType dtype, DoubleSupplier draw) {
    double[] data = new double[shape.size()];
    Arrays.setAll(data, i -> draw.getAsDouble()); // in index order, so a seeded source gives the same array
    return new NdArray(Storage.of(shape, data)).to(dtype);
  }

  /**
   * The dimensions.
   *
   * @return the shape
   */
  public Shape shape() {
    return storage.shape();
  }

  /**
   * float32 or float64.
   *
   * @return the element type
   */
  public DType dtype() {
    return storage.dtype();
  }

  /**
   * Number of dimensions.
   *
   * @return the rank, 0 for a scalar
   */
  public int rank() {
    return storage.shape().rank();
  }

  /**
   * Number of elements.
   *
   * @return the number of elements, the product of the dimensions
   */
  public int size() {
    return storage.size();
  }

  /**
   * The single value of a one-element array.
   *
   * @return the only element, widened to double
   */
  public double item() {
    checkArgument(size() == 1, "item: needs exactly one element; got shape %s", shape());
    return storage.get(0);
  }

  /**
   * The element at a full multi-index (negative indices are not accepted).
   *
   * @param index one non-negative index per axis, each below that axis's extent
   * @return the element, widened to double
   */
  public double get(int... index) {
    Shape shape = shape();
    checkNotNull(index, "get: index is null");
    checkArgument(index.length == rank(), "get: index %s has rank %s; got shape %s", Ints.asList(index), index.length, shape);
    int flat = 0;
    int[] strides = shape.strides();
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape.dim(i)) {
        throw new IllegalArgumentException(String.format(
            "get: index %s is outside shape %s; got %s on axis %s", Ints.asList(index), shape, index[i], i));
      }
      flat += index[i] * strides[i];
    }
    return storage.get(flat);
  }

  /**
   * The element at a row-major position.
   *
   * @param position the row-major position, in {@code [0, size())}
   * @return the element, widened to double
   */
  public double getFlat(int position) {
    if (position < 0 || position >= size()) {
      throw new IndexOutOfBoundsException(
          String.format("getFlat: position %s is outside [0, %s); got shape %s", position, size(), shape()));
    }
    return storage.get(position);
  }

  /**
   * A float64 copy of the elements in row-major order (float32 values are widened exactly).
   *
   * @return a new array of {@link #size()} doubles
   */
  public double[] toDoubleArray() {
    if (dtype() == DType.FLOAT64) {
      return storage.f64().clone();
    }
    float[] data = storage.f32();
    double[] out = new double[data.length];
    for (int i = 0; i < data.length; i++) { // a loop the JIT vectorizes; Arrays.setAll's lambda is 5× slower
      out[i] = data[i];
    }
    return out;
  }

  /**
   * A float32 copy of the elements in row-major order (float64 values are rounded).
   *
   * @return a new array of {@link #size()} floats
   */
  public float[] toFloatArray() {
    if (dtype() == DType.FLOAT32) {
      return storage.f32().clone();
    }
    return Storage.narrowed(shape(), storage.f64()).f32();
  }

  /**
   * This array converted to {@code target}; the same instance when it already has that dtype.
   *
   * @param target float32 or float64
   * @return an array of the same shape and values in {@code target}
   */
  public NdArray to(DType target) {
    checkNotNull(target, "to: dtype is null");
    if (target == dtype()) {
      return this;
    }
    if (storage.isView()) {
      return new NdArray(Storage.broadcast(of(storage.source()).to(target).storage, shape()));
    }
    return target == DType.FLOAT64
        ? new NdArray(Storage.of(shape(), toDoubleArray()))
        : new NdArray(Storage.of(shape(), toFloatArray()));
  }

  /**
   * {@code f} applied to every element, computed in double and stored in this dtype: the forward of a
   * custom elementwise op. {@code f} must be a pure function: on a broadcast array it runs once per
   * distinct element.
   *
   * @param f the function, pure
   * @return a new array of this shape and dtype
   */
  public NdArray map(DoubleUnaryOperator f) {
    return Elementwise.map(this, f);
  }

  /**
   * {@code f} applied to each pair of elements of this array and {@code other}, of equal shape and dtype.
   *
   * @param other an array of this shape and dtype
   * @param f the function, pure; its first argument comes from this array, its second from {@code other}
   * @return a new array of this shape and dtype
   */
  public NdArray zip(NdArray other, DoubleBinaryOperator f) {
    checkArgument(
        shape().equals(other.shape()) && dtype() == other.dtype(),
        "zip: arrays need one shape and dtype; got %s%s and %s%s", dtype(), shape(), other.dtype(), other.shape());
    return Elementwise.zip(this, other, f);
  }

  /**
   * True when shapes match and every pair satisfies {@code |a - b| <= atol + rtol * |b|}.
   *
   * @param other the array compared against, playing {@code b}
   * @param atol the absolute tolerance, non-negative
   * @param rtol the tolerance relative to {@code |b|}, non-negative
   * @return true if every element is within tolerance of its counterpart
   */
  public boolean allClose(NdArray other, double atol, double rtol) {
    if (!shape().equals(other.shape())) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      double a = storage.get(i);
      double b = other.storage.get(i);
      if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b)) && !(a == b)) {
        return false;
      }
    }
    return true;
  }

  /** Equal dtype, shape and elements (NaN equals NaN here, as in {@code Arrays.equals}). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NdArray)) {
      return false;
    }
    NdArray that = (NdArray) o;
    return shape().equals(that.shape())
        && dtype() == that.dtype()
        && (dtype() == DType.FLOAT64
            ? Arrays.equals(storage.f64(), that.storage.f64())
            : Arrays.equals(storage.f32(), that.storage.f32()));
  }

  @Override
  public int hashCode() {
    return shape().hashCode() * 31
        + (dtype() == DType.FLOAT64 ? Arrays.hashCode(storage.f64()) : Arrays.hashCode(storage.f32()));
  }

  /** Returns e.g. {@code float64[2, 2] [[1.0, 2.0], [3.0, 4.0]]}; long arrays are abbreviated. */
  @Override
  public String toString() {
    return dtype() + "" + shape() + " " + Printing.format(this);
  }
}
