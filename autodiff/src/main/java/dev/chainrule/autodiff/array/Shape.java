package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The dimensions of a row-major array, an immutable value; {@link #SCALAR} is rank 0.
 *
 * <p>{@code toString} prints {@code [2, 3]}, the form every error message uses. Axis arguments may be
 * negative and count from the end, as in NumPy: {@code -1} is the last axis.
 */
public final class Shape {
  /** The shape of a rank-0 tensor (a scalar): no dimensions, one element. */
  public static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    this.dims = dims;
    long n = 1;
    for (int d : dims) {
      n = d == 0 ? 0 : Math.min(n * d, Integer.MAX_VALUE + 1L);
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape: " + Arrays.toString(dims) + " has more than 2^31 - 1 elements");
    }
    this.size = (int) n;
  }

  /**
   * Returns the shape with these dimensions; each must be zero or positive.
   *
   * @param dims the extents, each zero or positive; copied
   * @return the shape
   */
  public static Shape of(int... dims) {
    if (dims.length == 0) {
      return SCALAR;
    }
    for (int d : dims) {
      if (d < 0) {
        // the message is built only on failure: Shape.of runs on every op
        throw new IllegalArgumentException("shape: dimensions must be non-negative; got " + Arrays.toString(dims));
      }
    }
    return new Shape(dims.clone());
  }

  /**
   * Number of dimensions; 0 for a scalar.
   *
   * @return the number of axes
   */
  public int rank() {
    return dims.length;
  }

  /**
   * Number of elements: the product of the dimensions (1 for a scalar).
   *
   * @return the number of elements
   */
  public int size() {
    return size;
  }

  /**
   * The extent of {@code axis}, which may be negative.
   *
   * @param axis the axis, negative counting from the end
   * @return the extent of that axis
   */
  public int dim(int axis) {
    return dims[axis(axis, "dim")];
  }

  /**
   * A copy of the dimensions.
   *
   * @return a new array with one extent per axis
   */
  public int[] toArray() {
    return dims.clone();
  }

  /**
   * True for rank 0.
   *
   * @return true if the shape has no axes
   */
  public boolean isScalar() {
    return dims.length == 0;
  }

  /**
   * Normalizes a possibly negative axis to {@code [0, rank)}.
   *
   * @param axis the axis, in {@code [-rank, rank)}
   * @param op the operation named in the error when the axis is out of range
   * @return the axis in {@code [0, rank)}
   */
  public int axis(int axis, String op) {
    int a = axis < 0 ? axis + dims.length : axis;
    checkArgument(a >= 0 && a < dims.length, "%s: axis %s is out of range for shape %s", op, axis, this);
    return a;
  }

  /**
   * Row-major strides in elements: the last axis has stride 1.
   *
   * @return one stride per axis, in elements
   */
  public int[] strides() {
    int[] strides = new int[dims.length];
    int s = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= dims[i];
    }
    return strides;
  }

  /**
   * This shape with {@code axis} replaced by {@code extent}.
   *
   * @param axis the axis, negative counting from the end
   * @param extent the new extent, zero or positive
   * @return a new shape; this one is unchanged
   */
  public Shape withDim(int axis, int extent) {
    int[] d = dims.clone();
    d[axis(axis, "withDim")] = extent;
    return Shape.of(d);
  }

  /**
   * The NumPy broadcast of two shapes: aligned at the right, each pair of dimensions equal or one of
   * them 1.
   *
   * @param op the operation named in the error when the shapes are incompatible
   * @param a the first shape
   * @param b the second shape
   * @return the broadcast shape
   */
  public static Shape broadcast(String op, Shape a, Shape b) {
    if (a.equals(b)) {
      return a;
    }
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
      int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
      checkArgument(
          da == db || da == 1 || db == 1, "%s: shapes cannot be broadcast together; got %s and %s", op, a, b);
      out[i] = da == 1 ? db : da;
    }
    return Shape.of(out);
  }

  /**
   * True when this shape can be broadcast to {@code target} (NumPy rules, one direction).
   *
   * @param target the shape to broadcast to
   * @return true if aligned at the right, each dimension of this shape is 1 or equals {@code target}'s
   */
  public boolean broadcastsTo(Shape target) {
    if (rank() > target.rank()) {
      return false;
    }
    int lead = target.rank() - rank();
    for (int i = 0; i < rank(); i++) {
      if (dims[i] != 1 && dims[i] != target.dims[lead + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Returns the dimensions as {@code [2, 3]}; a scalar prints as {@code []}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
