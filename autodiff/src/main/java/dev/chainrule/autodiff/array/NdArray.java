package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import com.google.common.primitives.Ints;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * An immutable n-dimensional array of float32 or float64 numbers in row-major order.
 *
 * <p>This is the data behind every {@code Tensor} and what a custom op's forward computes on. Factories
 * copy their input and accessors copy their output, so an {@code NdArray} never changes after it is
 * made; every operation returns a new array. The numeric loops live in this package's kernels.
 *
 * <p>{@code NdArray.of(1, 2, 3).map(Math::exp)} → {@code float64[3] [2.71828, 7.38906, 20.0855]}.
 */
public final class NdArray {
  private final Shape shape;
  private final DType dtype;
  private final double[] f64;
  private final float[] f32;
  /** For a broadcast view, the dense array it repeats; null for a dense array. */
  private final NdArray source;
  /** A view's dense copy, made on first demand (threads racing here make equal copies). */
  private volatile NdArray dense;

  private NdArray(Shape shape, double[] f64, float[] f32) {
    this.shape = shape;
    this.dtype = f64 != null ? DType.FLOAT64 : DType.FLOAT32;
    this.f64 = f64;
    this.f32 = f32;
    this.source = null;
  }

  /** A view of dense {@code source} broadcast to {@code shape}, which stores nothing until asked to. */
  private NdArray(NdArray source, Shape shape) {
    this.shape = shape;
    this.dtype = source.dtype;
    this.f64 = null;
    this.f32 = null;
    this.source = source;
  }

  static NdArray wrap(Shape shape, double[] data) {
    return new NdArray(shape, data, null);
  }

  static NdArray wrap(Shape shape, float[] data) {
    return new NdArray(shape, null, data);
  }

  // ---------------------------------------------------------------- storage, for the kernels

  /** The float64 elements in row-major order (a view writes them out once); null for float32. */
  double[] f64() {
    return source == null ? f64 : dense().f64;
  }

  /** The float32 elements in row-major order (a view writes them out once); null for float64. */
  float[] f32() {
    return source == null ? f32 : dense().f32;
  }

  /** Whether this array is a broadcast view, which kernels can read through {@link #storage()}. */
  boolean isView() {
    return source != null;
  }

  /** The dense array whose elements this one reads: the view's source, or this array itself. */
  NdArray storage() {
    return source == null ? this : source;
  }

  private NdArray dense() {
    NdArray d = dense;
    if (d == null) {
      d = Elementwise.broadcast(source, shape);
      dense = d;
    }
    return d;
  }

  // ---------------------------------------------------------------- factories

  /** A float64 vector of these values. */
  public static NdArray of(double... values) {
    return wrap(Shape.of(values.length), values.clone());
  }

  /** A float64 matrix; every row must have the same length. */
  public static NdArray of(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] data = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      checkArgument(rows[i].length == cols, "of: row %s has %s values, row 0 has %s", i, rows[i].length, cols);
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return wrap(Shape.of(rows.length, cols), data);
  }

  /** A float64 array of the given shape over a copy of {@code values}. */
  public static NdArray of(Shape shape, double... values) {
    checkArgument(
        values.length == shape.size(), "of: shape %s needs %s values; got %s", shape, shape.size(), values.length);
    return wrap(shape, values.clone());
  }

  /** A float32 array of the given shape over a copy of {@code values}. */
  public static NdArray ofFloats(Shape shape, float... values) {
    checkArgument(
        values.length == shape.size(), "of: shape %s needs %s values; got %s", shape, shape.size(), values.length);
    return wrap(shape, values.clone());
  }

  /** A rank-0 float64 array. */
  public static NdArray scalar(double value) {
    return wrap(Shape.SCALAR, new double[] {value});
  }

  /** A rank-0 array of the given dtype. */
  public static NdArray scalar(double value, DType dtype) {
    return full(Shape.SCALAR, dtype, value);
  }

  /** An array of the given shape and dtype filled with {@code value}. */
  public static NdArray full(Shape shape, DType dtype, double value) {
    if (dtype == DType.FLOAT64) {
      double[] data = new double[shape.size()];
      Arrays.fill(data, value);
      return wrap(shape, data);
    }
    float[] data = new float[shape.size()];
    Arrays.fill(data, (float) value);
    return wrap(shape, data);
  }

  /** An array of zeros. */
  public static NdArray zeros(Shape shape, DType dtype) {
    return dtype == DType.FLOAT64 ? wrap(shape, new double[shape.size()]) : wrap(shape, new float[shape.size()]);
  }

  /** Standard normal samples drawn from {@code random}. */
  public static NdArray randn(Shape shape, DType dtype, Random random) {
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    return wrap(shape, data).to(dtype);
  }

  /** Uniform samples in {@code [low, high)} drawn from {@code random}. */
  public static NdArray uniform(Shape shape, DType dtype, double low, double high, Random random) {
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = low + (high - low) * random.nextDouble();
    }
    return wrap(shape, data).to(dtype);
  }

  // ---------------------------------------------------------------- accessors

  /** The dimensions. */
  public Shape shape() {
    return shape;
  }

  /** float32 or float64. */
  public DType dtype() {
    return dtype;
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.rank();
  }

  /** Number of elements. */
  public int size() {
    return shape.size();
  }

  /** The single value of a one-element array. */
  public double item() {
    checkArgument(size() == 1, "item: needs exactly one element; got shape %s", shape);
    return getFlat(0);
  }

  /** The element at a full multi-index (negative indices are not accepted). */
  public double get(int... index) {
    checkArgument(index.length == rank(), "get: index %s has rank %s; shape %s", Ints.asList(index), index.length, shape);
    int flat = 0;
    int[] strides = shape.strides();
    for (int i = 0; i < index.length; i++) {
      checkArgument(
          index[i] >= 0 && index[i] < shape.dim(i), "get: index %s is out of bounds for shape %s", Ints.asList(index), shape);
      flat += index[i] * strides[i];
    }
    return getFlat(flat);
  }

  /** The element at a row-major position. */
  public double getFlat(int position) {
    if (source != null && source.size() == 1) {
      checkElementIndex(position, size(), "getFlat: position");
      return source.getFlat(0);
    }
    return dtype == DType.FLOAT64 ? f64()[position] : f32()[position];
  }

  /** A float64 copy of the elements in row-major order (float32 values are widened exactly). */
  public double[] toDoubleArray() {
    if (dtype == DType.FLOAT64) {
      return f64().clone();
    }
    float[] data = f32();
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[i];
    }
    return out;
  }

  /** A float32 copy of the elements in row-major order (float64 values are rounded). */
  public float[] toFloatArray() {
    if (dtype == DType.FLOAT32) {
      return f32().clone();
    }
    double[] data = f64();
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) data[i];
    }
    return out;
  }

  /** This array converted to {@code target}; the same instance when it already has that dtype. */
  public NdArray to(DType target) {
    if (target == dtype) {
      return this;
    }
    if (source != null) {
      return source.to(target).broadcastTo(shape);
    }
    return target == DType.FLOAT64 ? wrap(shape, toDoubleArray()) : wrap(shape, toFloatArray());
  }

  // ---------------------------------------------------------------- elementwise

  /**
   * Applies {@code f} to every element (computed in double, stored in this dtype).
   *
   * <p>{@code f} must be a pure function: on a broadcast array it runs once per distinct element.
   */
  public NdArray map(DoubleUnaryOperator f) {
    return Elementwise.map(this, f);
  }

  /** Combines elementwise with {@code other} after broadcasting both to a common shape. */
  public NdArray zip(NdArray other, DoubleBinaryOperator f) {
    return Elementwise.zip(this, other, broadcastShape("zip", other), f);
  }

  /** Elementwise sum, broadcasting. */
  public NdArray add(NdArray other) {
    return arithmetic("add", other, Arithmetic.ADD);
  }

  /** Elementwise difference, broadcasting. */
  public NdArray sub(NdArray other) {
    return arithmetic("sub", other, Arithmetic.SUB);
  }

  /** Elementwise product, broadcasting. */
  public NdArray mul(NdArray other) {
    return arithmetic("mul", other, Arithmetic.MUL);
  }

  /** Elementwise quotient, broadcasting. */
  public NdArray div(NdArray other) {
    return arithmetic("div", other, Arithmetic.DIV);
  }

  /** 1 where {@code this relation other} holds, else 0, in this dtype; broadcasting. */
  public NdArray compare(NdArray other, Comparison relation) {
    return Elementwise.compare(this, other, broadcastShape("compare " + relation, other), relation);
  }

  /** Elementwise choice: {@code a} where {@code mask} is non-zero, else {@code b}; all three broadcast. */
  public static NdArray where(NdArray mask, NdArray a, NdArray b) {
    checkDTypes("where", mask, a);
    checkDTypes("where", a, b);
    Shape shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
    return Elementwise.where(mask, a, b, shape);
  }

  private NdArray arithmetic(String op, NdArray other, Arithmetic kind) {
    return Elementwise.arithmetic(this, other, broadcastShape(op, other), kind);
  }

  private Shape broadcastShape(String op, NdArray other) {
    checkDTypes(op, this, other);
    return Shape.broadcast(op, this.shape, other.shape);
  }

  /** Throws an {@code IllegalArgumentException} naming {@code op} when the dtypes differ. */
  public static void checkDTypes(String op, NdArray a, NdArray b) {
    checkArgument(a.dtype == b.dtype, "%s: dtypes differ; got %s and %s (convert one with to(DType))", op, a.dtype, b.dtype);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum over {@code axes}. */
  public NdArray sum(Axes axes) {
    return Reductions.sum(this, axes);
  }

  /** Maximum over {@code axes}; NaN if any reduced element is NaN. */
  public NdArray max(Axes axes) {
    return Reductions.max(this, axes);
  }

  // ---------------------------------------------------------------- layout

  /** The same elements under another shape with the same size; shares the (immutable) data. */
  public NdArray reshape(Shape target) {
    checkArgument(
        target.size() == size(),
        "reshape: cannot reshape %s (%s elements) to %s (%s elements)",
        shape, size(), target, target.size());
    NdArray d = source == null ? this : dense();
    return new NdArray(target, d.f64, d.f32);
  }

  /** Reorders the axes: axis {@code i} of the result is axis {@code order[i]} of this array. */
  public NdArray permute(int... order) {
    checkArgument(
        order.length == rank(), "permute: order %s has %s axes; shape %s has %s", Ints.asList(order), order.length, shape, rank());
    int[] dims = new int[rank()];
    int[] strides = new int[rank()];
    int[] sourceStrides = shape.strides();
    boolean[] seen = new boolean[rank()];
    for (int i = 0; i < order.length; i++) {
      int a = shape.axis(order[i], "permute");
      checkArgument(!seen[a], "permute: axis %s appears twice in %s", order[i], Ints.asList(order));
      seen[a] = true;
      dims[i] = shape.dim(a);
      strides[i] = sourceStrides[a];
    }
    Shape out = Shape.of(dims);
    return Layout.gather(this, out, Layout.positions(out, strides, 0));
  }

  /**
   * Repeats size-1 and missing leading axes to reach {@code target} (NumPy broadcasting).
   *
   * <p>The result is a view: it stores nothing but this array and {@code target}, and the kernels read it
   * in place. It is written out once, the first time something needs its elements in order.
   */
  public NdArray broadcastTo(Shape target) {
    if (target.equals(shape)) {
      return this;
    }
    checkArgument(shape.broadcastsTo(target), "broadcastTo: cannot broadcast %s to %s", shape, target);
    NdArray from = storage();
    return from.size() == target.size() ? from.reshape(target) : new NdArray(from, target);
  }

  /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
  public NdArray slice(int axis, int start, int end) {
    int a = shape.axis(axis, "slice");
    checkArgument(
        0 <= start && start <= end && end <= shape.dim(a),
        "slice: range [%s, %s) is out of bounds for axis %s of shape %s", start, end, axis, shape);
    Shape out = shape.withDim(a, end - start);
    int[] strides = shape.strides();
    return Layout.gather(this, out, Layout.positions(out, strides, start * strides[a]));
  }

  /** Adds {@code before} and {@code after} zeros around {@code axis}. */
  public NdArray pad(int axis, int before, int after) {
    int a = shape.axis(axis, "pad");
    checkArgument(before >= 0 && after >= 0, "pad: padding must be non-negative; got %s and %s", before, after);
    Shape out = shape.withDim(a, before + shape.dim(a) + after);
    int[] strides = out.strides();
    return Layout.place(out, dtype, List.of(this), List.of(Layout.positions(shape, strides, before * strides[a])));
  }

  /** Joins arrays of equal dtype and equal shape except along {@code axis}. */
  public static NdArray concat(int axis, List<NdArray> parts) {
    checkArgument(!parts.isEmpty(), "concat: needs at least one array");
    NdArray first = parts.get(0);
    int a = first.shape.axis(axis, "concat");
    int total = 0;
    for (NdArray p : parts) {
      checkDTypes("concat", first, p);
      checkArgument(
          p.rank() == first.rank() && p.shape.withDim(a, 0).equals(first.shape.withDim(a, 0)),
          "concat: shapes must agree except on axis %s; got %s and %s", axis, first.shape, p.shape);
      total += p.shape.dim(a);
    }
    Shape out = first.shape.withDim(a, total);
    int[] strides = out.strides();
    List<int[]> positions = new java.util.ArrayList<>(parts.size());
    int offset = 0;
    for (NdArray p : parts) {
      positions.add(Layout.positions(p.shape, strides, offset * strides[a]));
      offset += p.shape.dim(a);
    }
    return Layout.place(out, first.dtype, parts, positions);
  }

  /** Picks entries {@code indices} (repeats allowed) along {@code axis}. */
  public NdArray indexSelect(int axis, int... indices) {
    int a = shape.axis(axis, "indexSelect");
    for (int i : indices) {
      checkArgument(
          0 <= i && i < shape.dim(a), "indexSelect: index %s is out of bounds for axis %s of shape %s", i, axis, shape);
    }
    Shape out = shape.withDim(a, indices.length);
    return Layout.gather(this, out, Layout.indexPositions(out, a, indices, shape.strides()));
  }

  /** Zeros of {@code shape[axis] = size}, with slice {@code j} of this array added at {@code indices[j]}. */
  public NdArray indexAdd(int axis, int size, int... indices) {
    int a = shape.axis(axis, "indexAdd");
    checkArgument(
        indices.length == shape.dim(a), "indexAdd: %s indices for axis %s of shape %s", indices.length, axis, shape);
    for (int i : indices) {
      checkArgument(0 <= i && i < size, "indexAdd: index %s is out of bounds for size %s", i, size);
    }
    Shape out = shape.withDim(a, size);
    return Layout.scatterAdd(this, out, Layout.indexPositions(shape, a, indices, out.strides()));
  }

  // ---------------------------------------------------------------- patches

  /**
   * The sliding {@code kernelH×kernelW} patches of images {@code [N, C, H, W]} as columns
   * {@code [N, C·kH·kW, L]} (im2col): {@code L = outH·outW} patches taken every {@code stride} pixels of
   * the image zero-padded by {@code padding} on each side, {@code outH = (H + 2·padding − kH) / stride + 1}.
   */
  public NdArray unfold(int kernelH, int kernelW, int stride, int padding) {
    checkArgument(rank() == 4, "unfold: expected [N, C, H, W]; got %s", shape);
    int height = shape.dim(2);
    int width = shape.dim(3);
    Patches.checkWindow("unfold", "input", height, width, kernelH, kernelW, stride, padding);
    return Patches.unfold(this, new Patches.Geometry(shape.dim(1), height, width, kernelH, kernelW, stride, padding));
  }

  /**
   * The images {@code [N, C, height, width]} whose pixels are the sums of their copies in columns
   * {@code [N, C·kH·kW, L]} (col2im): the adjoint of {@link #unfold}, which overlapping patches add up in.
   */
  public NdArray fold(int height, int width, int kernelH, int kernelW, int stride, int padding) {
    checkArgument(rank() == 3, "fold: expected [N, C·kH·kW, L]; got %s", shape);
    checkArgument(height >= 0 && width >= 0, "fold: output size must be non-negative; got %sx%s", height, width);
    Patches.checkWindow("fold", "output", height, width, kernelH, kernelW, stride, padding);
    int kernel = kernelH * kernelW;
    checkArgument(
        shape.dim(1) % kernel == 0,
        "fold: dimension 1 must be a multiple of the kernel's %s (%sx%s) elements; got %s", kernel, kernelH, kernelW, shape);
    Patches.Geometry g = new Patches.Geometry(shape.dim(1) / kernel, height, width, kernelH, kernelW, stride, padding);
    checkArgument(
        shape.dim(2) == g.patches(),
        "fold: output %sx%s with kernel %sx%s, stride %s, padding %s has %s patches (%sx%s); got %s",
        height, width, kernelH, kernelW, stride, padding, g.patches(), g.outHeight(), g.outWidth(), shape);
    return Patches.fold(this, g);
  }

  /**
   * Picks, at every position of {@code indices}, the element whose coordinate along {@code axis} is that
   * index (PyTorch's {@code gather}, NumPy's {@code take_along_axis}); the result has the indices' shape.
   */
  public NdArray gather(int axis, NdArray indices) {
    int a = shape.axis(axis, "gather");
    return Layout.gather(this, indices.shape(), Layout.alongAxisPositions(shape, a, indices, "gather"));
  }

  /**
   * Zeros of {@code target} with this array's elements added at the positions {@code gather} would have
   * read them from: the adjoint of {@link #gather}. Repeated indices add up.
   */
  public NdArray scatterAdd(int axis, NdArray indices, Shape target) {
    int a = target.axis(axis, "scatterAdd");
    checkArgument(
        indices.shape().equals(shape), "scatterAdd: indices %s must have the values' shape %s", indices.shape(), shape);
    return Layout.scatterAdd(this, target, Layout.alongAxisPositions(target, a, indices, "scatterAdd"));
  }

  // ---------------------------------------------------------------- matmul

  /** Matrix product over the last two axes; leading (batch) axes must be equal. */
  public NdArray matmul(NdArray other) {
    return matmul(other, false, false);
  }

  /**
   * Batched {@code op(this) · op(other)} where {@code op} transposes the last two axes when asked.
   * Transposes are absorbed by the kernel, never materialized.
   */
  public NdArray matmul(NdArray other, boolean transposeThis, boolean transposeOther) {
    checkDTypes("matmul", this, other);
    checkArgument(
        rank() >= 2 && other.rank() >= 2 && rank() == other.rank(),
        "matmul: expected two matrices or equal-rank batches; got %s @ %s", shape, other.shape);
    int r = rank();
    int m = shape.dim(transposeThis ? r - 1 : r - 2);
    int k = shape.dim(transposeThis ? r - 2 : r - 1);
    int k2 = other.shape.dim(transposeOther ? r - 1 : r - 2);
    int n = other.shape.dim(transposeOther ? r - 2 : r - 1);
    String shown = shape + (transposeThis ? "ᵀ" : "") + " @ " + other.shape + (transposeOther ? "ᵀ" : "");
    checkArgument(k == k2, "matmul: inner dimensions differ; got %s", shown);
    checkArgument(
        shape.withDim(r - 1, 1).withDim(r - 2, 1).equals(other.shape.withDim(r - 1, 1).withDim(r - 2, 1)),
        "matmul: batch dimensions differ; got %s", shown);
    int batch = Layout.outer(shape, r - 2);
    Shape out = shape.withDim(r - 2, m).withDim(r - 1, n);
    return dtype == DType.FLOAT64
        ? wrap(out, Gemm.multiply(f64(), other.f64(), batch, m, n, k, transposeThis, transposeOther))
        : wrap(out, Gemm.multiply(f32(), other.f32(), batch, m, n, k, transposeThis, transposeOther));
  }

  // ---------------------------------------------------------------- comparison and printing

  /** True when shapes match and every pair satisfies {@code |a - b| <= atol + rtol * |b|}. */
  public boolean allClose(NdArray other, double atol, double rtol) {
    if (!shape.equals(other.shape)) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      double a = getFlat(i);
      double b = other.getFlat(i);
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
    return shape.equals(that.shape)
        && dtype == that.dtype
        && (dtype == DType.FLOAT64 ? Arrays.equals(f64(), that.f64()) : Arrays.equals(f32(), that.f32()));
  }

  @Override
  public int hashCode() {
    return shape.hashCode() * 31 + (dtype == DType.FLOAT64 ? Arrays.hashCode(f64()) : Arrays.hashCode(f32()));
  }

  /** Returns e.g. {@code float64[2, 2] [[1.0, 2.0], [3.0, 4.0]]}; long arrays are abbreviated. */
  @Override
  public String toString() {
    return dtype + "" + shape + " " + Printing.format(this);
  }
}
