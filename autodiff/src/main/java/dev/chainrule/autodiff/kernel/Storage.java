package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * The elements behind an {@link NdArray}: a dense float32 or float64 buffer in row-major order, or a
 * broadcast view of one that stores nothing but its source and shape.
 *
 * <p>Kernels read and write these buffers directly. A buffer is never written once a {@code Storage}
 * wraps it, so the {@code NdArray} above it stays immutable. A view is written out once, the first time
 * something needs its elements in order; kernels that can read it in place use {@link #source()}.
 */
public final class Storage {
  private final Shape shape;
  private final DType dtype;
  private final double[] f64;
  private final float[] f32;
  /** For a broadcast view, the dense storage it repeats; null for dense storage. */
  private final Storage source;
  /** A view's dense copy, made on first demand (threads racing here make equal copies). */
  private volatile Storage dense;

  private Storage(Shape shape, DType dtype, double[] f64, float[] f32, Storage source) {
    this.shape = shape;
    this.dtype = dtype;
    this.f64 = f64;
    this.f32 = f32;
    this.source = source;
  }

  /** Dense float64 storage over {@code data}, which the caller hands over and never writes again. */
  public static Storage of(Shape shape, double[] data) {
    return new Storage(shape, DType.FLOAT64, data, null, null);
  }

  /** Dense float32 storage over {@code data}, which the caller hands over and never writes again. */
  public static Storage of(Shape shape, float[] data) {
    return new Storage(shape, DType.FLOAT32, null, data, null);
  }

  /** Dense zeros. */
  public static Storage zeros(Shape shape, DType dtype) {
    return dtype == DType.FLOAT64 ? of(shape, new double[shape.size()]) : of(shape, new float[shape.size()]);
  }

  /** An array over float64 {@code data} handed over by a kernel. */
  static NdArray array(Shape shape, double[] data) {
    return NdArray.of(of(shape, data));
  }

  /** An array over float32 {@code data} handed over by a kernel. */
  static NdArray array(Shape shape, float[] data) {
    return NdArray.of(of(shape, data));
  }

  /**
   * float32 storage over {@code data} rounded once: the result of a kernel that accumulates in double, or
   * a float32 copy of float64 values.
   *
   * @param shape the shape, of {@code data.length} elements
   * @param data the values, not modified
   * @return new float32 storage
   */
  public static Storage narrowed(Shape shape, double[] data) {
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) data[i];
    }
    return of(shape, out);
  }

  /**
   * {@code x} repeated to {@code target} by NumPy's rules, which the caller has checked: a view that
   * stores nothing, or shared storage when no element repeats.
   */
  public static Storage broadcast(Storage x, Shape target) {
    if (target.equals(x.shape)) {
      return x;
    }
    Storage from = x.source();
    return from.size() == target.size() ? from.reshape(target) : new Storage(target, from.dtype, null, null, from);
  }

  /** The same elements under {@code target}, of equal size; shares the buffer. */
  public Storage reshape(Shape target) {
    Storage d = dense();
    return new Storage(target, dtype, d.f64, d.f32, null);
  }

  /** The dimensions. */
  public Shape shape() {
    return shape;
  }

  /** float32 or float64. */
  public DType dtype() {
    return dtype;
  }

  /** Number of elements. */
  public int size() {
    return shape.size();
  }

  /** Whether this is a broadcast view, which kernels can read in place through {@link #source()}. */
  public boolean isView() {
    return source != null;
  }

  /** The dense storage whose elements this one reads: the view's source, or this storage itself. */
  public Storage source() {
    return source == null ? this : source;
  }

  /** The float64 elements in row-major order (a view writes them out once); null for float32. Read only. */
  public double[] f64() {
    return dense().f64;
  }

  /** The float32 elements in row-major order (a view writes them out once); null for float64. Read only. */
  public float[] f32() {
    return dense().f32;
  }

  /** The element at a row-major position, widened to double. */
  public double get(int position) {
    if (source != null && source.size() == 1) {
      return source.get(0);
    }
    return dtype == DType.FLOAT64 ? f64()[position] : f32()[position];
  }

  private Storage dense() {
    if (source == null) {
      return this;
    }
    Storage d = dense;
    if (d == null) {
      d = Elementwise.writeOut(source, shape);
      dense = d;
    }
    return d;
  }
}
