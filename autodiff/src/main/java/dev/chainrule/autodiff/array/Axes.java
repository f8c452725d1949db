package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.primitives.Ints;
import java.util.Arrays;

/**
 * Which axes a reduction runs over, and whether the reduced axes are kept with extent 1.
 *
 * <p>{@code x.sum(Axes.of(0))} drops axis 0; {@code x.max(Axes.keep(-1))} keeps it as size 1, ready to
 * broadcast back against {@code x}. No axes at all means every axis.
 */
public final class Axes {
  private static final Axes ALL = new Axes(new int[0], false);

  private final int[] axes;
  private final boolean keepDims;

  private Axes(int[] axes, boolean keepDims) {
    this.axes = axes;
    this.keepDims = keepDims;
  }

  /**
   * Reduces over these axes (all axes when none are given) and drops them.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return the reduction, dropping the reduced axes
   */
  public static Axes of(int... axes) {
    return axes.length == 0 ? ALL : new Axes(axes.clone(), false);
  }

  /**
   * Reduces over these axes (all axes when none are given) and keeps them with extent 1.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return the reduction, keeping the reduced axes with extent 1
   */
  public static Axes keep(int... axes) {
    return new Axes(axes.clone(), true);
  }

  /**
   * Reduces over every axis to a scalar.
   *
   * @return the reduction over all axes, dropping them
   */
  public static Axes all() {
    return ALL;
  }

  /**
   * Whether reduced axes stay as extent 1.
   *
   * @return true if reduced axes stay with extent 1, false if they are dropped
   */
  public boolean keepDims() {
    return keepDims;
  }

  /**
   * For a given input shape, a flag per axis telling whether it is reduced.
   *
   * @param shape the input shape
   * @param op the operation named in errors (axis out of range, axis repeated)
   * @return one flag per axis of {@code shape}, true where the axis is reduced
   */
  public boolean[] mask(Shape shape, String op) {
    boolean[] reduced = new boolean[shape.rank()];
    if (axes.length == 0) {
      Arrays.fill(reduced, true);
      return reduced;
    }
    for (int axis : axes) {
      int a = shape.axis(axis, op);
      checkArgument(!reduced[a], "%s: axis %s is given twice; got axes %s", op, axis, Ints.asList(axes));
      reduced[a] = true;
    }
    return reduced;
  }

  /**
   * The result shape of reducing {@code shape} over these axes.
   *
   * @param shape the input shape
   * @param op the operation named in errors (axis out of range, axis repeated)
   * @return the reduced shape, honouring {@link #keepDims()}
   */
  public Shape reducedShape(Shape shape, String op) {
    return reduce(shape, mask(shape, op), keepDims);
  }

  /**
   * The result shape with reduced axes kept as extent 1, whatever {@link #keepDims()} says.
   *
   * @param shape the input shape
   * @param op the operation named in errors (axis out of range, axis repeated)
   * @return the reduced shape with the same rank as {@code shape}
   */
  public Shape keptShape(Shape shape, String op) {
    return reduce(shape, mask(shape, op), true);
  }

  /**
   * The same axes with reduced dimensions kept.
   *
   * @return these axes with {@link #keepDims()} true
   */
  public Axes keepingDims() {
    return keepDims ? this : new Axes(axes, true);
  }

  /**
   * These axes of {@code shape}, renumbered for the same shape with {@code offset} axes put in front (as
   * vmap's batching rules need): "all axes" becomes the axes of {@code shape} only.
   *
   * @param shape the shape the axes refer to
   * @param offset how many axes go in front
   * @param op the operation named in errors (axis out of range, axis repeated)
   * @return the renumbered axes, keeping dimensions as these do
   */
  public Axes shifted(Shape shape, int offset, String op) {
    boolean[] reduced = mask(shape, op);
    int[] moved = new int[reduced.length];
    int n = 0;
    for (int a = 0; a < reduced.length; a++) {
      if (reduced[a]) {
        moved[n++] = a + offset;
      }
    }
    return new Axes(Arrays.copyOf(moved, n), keepDims);
  }

  /**
   * Number of input elements folded into each output element.
   *
   * @param shape the input shape
   * @param op the operation named in errors (axis out of range, axis repeated)
   * @return the product of the reduced axes' extents (1 when none is reduced)
   */
  public int count(Shape shape, String op) {
    boolean[] reduced = mask(shape, op);
    int n = 1;
    for (int i = 0; i < reduced.length; i++) {
      if (reduced[i]) {
        n *= shape.dim(i);
      }
    }
    return n;
  }

  private static Shape reduce(Shape shape, boolean[] reduced, boolean keep) {
    int[] dims = shape.toArray();
    int[] out = new int[dims.length];
    int r = 0;
    for (int i = 0; i < dims.length; i++) {
      if (!reduced[i]) {
        out[r++] = dims[i];
      } else if (keep) {
        out[r++] = 1;
      }
    }
    return Shape.of(Arrays.copyOf(out, r));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Axes && Arrays.equals(axes, ((Axes) o).axes) && keepDims == ((Axes) o).keepDims;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(axes) * 31 + Boolean.hashCode(keepDims);
  }

  /** Returns e.g. {@code axes=[0, 1]} or {@code axes=all, keepDims}. */
  @Override
  public String toString() {
    return "axes=" + (axes.length == 0 ? "all" : Arrays.toString(axes)) + (keepDims ? ", keepDims" : "");
  }
}
