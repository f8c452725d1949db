package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;

/**
 * Index arithmetic for strided reads and writes: the one place that maps a row-major walk of one shape
 * onto positions in another buffer. Permute, broadcast, slice, pad and reductions are all built on it.
 */
final class Layout {
  private Layout() {}

  /**
   * For each element of {@code shape} in row-major order, the position {@code offset + Σ index[i]·strides[i]}
   * in another buffer. A stride of 0 repeats (broadcast) or folds (reduce) that axis.
   */
  static int[] positions(Shape shape, int[] strides, int offset) {
    int n = shape.size();
    int[] out = new int[n];
    int rank = shape.rank();
    if (n == 0) {
      return out;
    }
    if (rank == 0) {
      out[0] = offset;
      return out;
    }
    int[] dims = shape.toArray();
    int[] index = new int[rank];
    int inner = dims[rank - 1];
    int innerStride = strides[rank - 1];
    int base = offset;
    for (int o = 0; o < n; o += inner) {
      int p = base;
      for (int j = 0; j < inner; j++) {
        out[o + j] = p;
        p += innerStride;
      }
      // advance the multi-index over the outer axes, like an odometer
      for (int axis = rank - 2; axis >= 0; axis--) {
        index[axis]++;
        base += strides[axis];
        if (index[axis] < dims[axis]) {
          break;
        }
        base -= strides[axis] * dims[axis];
        index[axis] = 0;
      }
    }
    return out;
  }

  /** Strides for reading {@code source} as if broadcast to {@code target}: 0 on repeated axes. */
  static int[] broadcastStrides(Shape source, Shape target) {
    int lead = target.rank() - source.rank();
    int[] sourceStrides = source.strides();
    int[] strides = new int[target.rank()];
    for (int i = 0; i < source.rank(); i++) {
      strides[lead + i] = source.dim(i) == 1 ? 0 : sourceStrides[i];
    }
    return strides;
  }

  /** Strides of the kept-dims result of a reduction, 0 on the reduced axes. */
  static int[] reductionStrides(Shape input, boolean[] reduced) {
    int[] strides = new int[input.rank()];
    int s = 1;
    for (int i = input.rank() - 1; i >= 0; i--) {
      if (!reduced[i]) {
        strides[i] = s;
        s *= input.dim(i);
      }
    }
    return strides;
  }

  /** Product of the dimensions before {@code axis}. */
  static int outer(Shape shape, int axis) {
    int n = 1;
    for (int i = 0; i < axis; i++) {
      n *= shape.dim(i);
    }
    return n;
  }

  /** Product of the dimensions after {@code axis}. */
  static int inner(Shape shape, int axis) {
    int n = 1;
    for (int i = axis + 1; i < shape.rank(); i++) {
      n *= shape.dim(i);
    }
    return n;
  }

  /**
   * Reads {@code source} at {@code offset + Σ index[i]·strides[i]} for each element of {@code shape} in
   * row-major order, like {@code gather(source, shape, positions(shape, strides, offset))} but a run of
   * the last axis at a time, copied whole when its stride is 1 (a permute that keeps the last axis, a
   * slice): no position map.
   */
  static NdArray strided(Storage source, Shape shape, int[] strides, int offset) {
    int rank = shape.rank();
    if (rank == 0 || shape.size() == 0) {
      return gather(source, shape, positions(shape, strides, offset));
    }
    int inner = shape.dim(rank - 1);
    int step = strides[rank - 1];
    int[] starts = positions(shape.withDim(rank - 1, 1), strides, offset); // where each run starts
    int n = shape.size();
    if (source.dtype() == DType.FLOAT64) {
      double[] in = source.f64();
      double[] out = new double[n];
      for (int r = 0, o = 0; r < starts.length; r++, o += inner) {
        if (step == 1) {
          System.arraycopy(in, starts[r], out, o, inner);
        } else {
          for (int j = 0, p = starts[r]; j < inner; j++, p += step) {
            out[o + j] = in[p];
          }
        }
      }
      return Storage.array(shape, out);
    }
    float[] in = source.f32();
    float[] out = new float[n];
    for (int r = 0, o = 0; r < starts.length; r++, o += inner) {
      if (step == 1) {
        System.arraycopy(in, starts[r], out, o, inner);
      } else {
        for (int j = 0, p = starts[r]; j < inner; j++, p += step) {
          out[o + j] = in[p];
        }
      }
    }
    return Storage.array(shape, out);
  }

  /** Reads {@code source} at {@code positions}: {@code out[i] = source[positions[i]]}. */
  static NdArray gather(Storage source, Shape shape, int[] positions) {
    int n = positions.length;
    if (source.dtype() == DType.FLOAT64) {
      double[] in = source.f64();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = in[positions[i]];
      }
      return Storage.array(shape, out);
    }
    float[] in = source.f32();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = in[positions[i]];
    }
    return Storage.array(shape, out);
  }

  /**
   * Adds {@code source} into a zero array of {@code shape} at {@code positions}:
   * {@code out[positions[i]] += source[i]}. Accumulates in double for both dtypes.
   */
  static NdArray scatterAdd(Storage source, Shape shape, int[] positions) {
    double[] acc = new double[shape.size()];
    int n = positions.length;
    if (source.dtype() == DType.FLOAT64) {
      double[] in = source.f64();
      for (int i = 0; i < n; i++) {
        acc[positions[i]] += in[i];
      }
      return Storage.array(shape, acc);
    }
    float[] in = source.f32();
    for (int i = 0; i < n; i++) {
      acc[positions[i]] += in[i];
    }
    return NdArray.of(Storage.narrowed(shape, acc));
  }

  /**
   * Positions for a walk over {@code shape} whose {@code axis} coordinate {@code j} stands for
   * {@code indices[j]} in a row-major buffer with {@code strides} (same extents as {@code shape}
   * except on {@code axis}): the map behind index-select and index-add.
   */
  static int[] indexPositions(Shape shape, int axis, int[] indices, int[] strides) {
    int outer = outer(shape, axis);
    int inner = inner(shape, axis);
    int outerStride = axis == 0 ? 0 : strides[axis - 1];
    int[] out = new int[shape.size()];
    int p = 0;
    for (int o = 0; o < outer; o++) {
      for (int index : indices) {
        int base = o * outerStride + index * strides[axis];
        for (int i = 0; i < inner; i++) {
          out[p++] = base + i;
        }
      }
    }
    return out;
  }

  /**
   * A zero array of {@code shape} with the rows of part {@code k} (its runs along the last axis) copied to
   * {@code starts.get(k)}, one start per row: one allocation for pad and concat, a {@code System.arraycopy}
   * per row where a position per element took 3-5× as long, and -0.0 stays -0.0.
   */
  static NdArray place(Shape shape, DType dtype, List<Storage> parts, List<int[]> starts) {
    Object out = dtype == DType.FLOAT64 ? new double[shape.size()] : new float[shape.size()];
    for (int k = 0; k < parts.size(); k++) {
      Object source = dtype == DType.FLOAT64 ? parts.get(k).f64() : parts.get(k).f32();
      int[] at = starts.get(k);
      int row = at.length == 0 ? 0 : parts.get(k).size() / at.length;
      for (int r = 0; r < at.length; r++) {
        System.arraycopy(source, r * row, out, at[r], row);
      }
    }
    return dtype == DType.FLOAT64 ? Storage.array(shape, (double[]) out) : Storage.array(shape, (float[]) out);
  }

  /**
   * Positions for a walk over {@code indices.shape()} that reads, in a row-major buffer of
   * {@code source}, the element at the same coordinates except {@code axis}, which comes from
   * {@code indices}: the map behind gather and its adjoint. The caller has checked that the indices are
   * whole numbers in {@code [0, source.dim(axis))} and match {@code source} on every other axis.
   */
  static int[] alongAxisPositions(Shape source, int axis, NdArray indices) {
    Shape shape = indices.shape();
    int[] strides = source.strides();
    int[] base = positions(shape, strides, 0);
    int[] out = new int[base.length];
    int[] indexStrides = shape.strides();
    for (int i = 0; i < base.length; i++) {
      int along = (i / indexStrides[axis]) % shape.dim(axis);
      out[i] = base[i] + ((int) indices.getFlat(i) - along) * strides[axis];
    }
    return out;
  }
}
