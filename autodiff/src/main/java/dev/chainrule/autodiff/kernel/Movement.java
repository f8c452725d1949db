package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The movement kernels: they copy elements to new places without arithmetic (reshape, permute, slice,
 * pad, concat, index and gather families), each a position map from {@link Layout} and one loop. Their
 * arguments were checked by the calling op's shape rule.
 */
public final class Movement {
  private Movement() {}

  /** The same elements under {@code shape}, of equal size; shares the buffer. */
  public static NdArray reshape(NdArray x, Shape shape) {
    return NdArray.of(x.storage().reshape(shape));
  }

  /** Axis {@code i} of the result is axis {@code order[i]} of {@code x}. */
  public static NdArray permute(NdArray x, int[] order) {
    Shape shape = x.shape();
    int[] dims = new int[order.length];
    int[] strides = new int[order.length];
    int[] sourceStrides = shape.strides();
    for (int i = 0; i < order.length; i++) {
      dims[i] = shape.dim(order[i]);
      strides[i] = sourceStrides[order[i]];
    }
    Shape out = Shape.of(dims);
    return Layout.strided(x.storage(), out, strides, 0);
  }

  /** Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}. */
  public static NdArray slice(NdArray x, int axis, int start, int end) {
    Shape out = x.shape().withDim(axis, end - start);
    int[] strides = x.shape().strides();
    return Layout.strided(x.storage(), out, strides, start * strides[axis]);
  }

  /** {@code before} and {@code after} zeros around {@code axis}. */
  public static NdArray pad(NdArray x, int axis, int before, int after) {
    Shape out = x.shape().withDim(axis, before + x.shape().dim(axis) + after);
    int[] strides = out.strides();
    int[] rows = Layout.positions(rows(x.shape()), strides, before * strides[axis]);
    return Layout.place(out, x.dtype(), List.of(x.storage()), List.of(rows));
  }

  /** {@code parts}, of one dtype and equal shapes except along {@code axis}, joined along it. */
  public static NdArray concat(int axis, List<NdArray> parts) {
    NdArray first = parts.get(0);
    int total = 0;
    for (NdArray p : parts) {
      total += p.shape().dim(axis);
    }
    Shape out = first.shape().withDim(axis, total);
    int[] strides = out.strides();
    List<Storage> storages = new ArrayList<>(parts.size());
    List<int[]> positions = new ArrayList<>(parts.size());
    int offset = 0;
    for (NdArray p : parts) {
      storages.add(p.storage());
      positions.add(Layout.positions(rows(p.shape()), strides, offset * strides[axis]));
      offset += p.shape().dim(axis);
    }
    return Layout.place(out, first.dtype(), storages, positions);
  }

  /** One element per row (run along the last axis) of {@code shape}: where {@link Layout#place} copies rows. */
  private static Shape rows(Shape shape) {
    return shape.withDim(shape.rank() - 1, 1);
  }

  /** The entries at {@code indices} (repeats allowed) along {@code axis}. */
  public static NdArray indexSelect(NdArray x, int axis, int[] indices) {
    Shape out = x.shape().withDim(axis, indices.length);
    return Layout.gather(x.storage(), out, Layout.indexPositions(out, axis, indices, x.shape().strides()));
  }

  /** Zeros of extent {@code size} along {@code axis}, with slice {@code j} of {@code x} added at {@code indices[j]}. */
  public static NdArray indexAdd(NdArray x, int axis, int size, int[] indices) {
    Shape out = x.shape().withDim(axis, size);
    return Layout.scatterAdd(x.storage(), out, Layout.indexPositions(x.shape(), axis, indices, out.strides()));
  }

  /** At every position of {@code indices}, the element of {@code x} at that index along {@code axis}. */
  public static NdArray gather(NdArray x, int axis, NdArray indices) {
    return Layout.gather(x.storage(), indices.shape(), Layout.alongAxisPositions(x.shape(), axis, indices));
  }

  /** Zeros of {@code shape} with the elements of {@code x} added where {@link #gather} would read them. */
  public static NdArray scatterAdd(NdArray x, int axis, NdArray indices, Shape shape) {
    return Layout.scatterAdd(x.storage(), shape, Layout.alongAxisPositions(shape, axis, indices));
  }
}
