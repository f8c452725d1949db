package dev.chainrule.autodiff.op;

import static dev.chainrule.autodiff.op.RowMajor.insert;
import static dev.chainrule.autodiff.op.RowMajor.ravel;
import static dev.chainrule.autodiff.op.RowMajor.size;
import static dev.chainrule.autodiff.op.RowMajor.sourceOf;
import static dev.chainrule.autodiff.op.RowMajor.unravel;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;

/** Plain-loop references for the shape ops, which move elements: each output element is read at its source. */
final class LayoutReference {
  private LayoutReference() {}

  /** {@code x} repeated to {@code target} by broadcasting. */
  static NdArray broadcastTo(NdArray x, int[] target) {
    double[] out = new double[size(target)];
    for (int o = 0; o < out.length; o++) {
      out[o] = x.getFlat(sourceOf(unravel(o, target), dims(x)));
    }
    return array(target, out);
  }

  /** {@code x} summed down to {@code target}, the shape it would broadcast from. */
  static NdArray sumTo(NdArray x, int[] target) {
    double[] out = new double[size(target)];
    for (int i = 0; i < x.size(); i++) {
      out[sourceOf(unravel(i, dims(x)), target)] += x.getFlat(i);
    }
    return array(target, out);
  }

  /** The same row-major elements under other dimensions. */
  static NdArray reshape(NdArray x, int[] target) {
    return array(target, x.toDoubleArray());
  }

  /** Axis {@code i} of the result is axis {@code order[i]} of {@code x}. */
  static NdArray permute(NdArray x, int[] order) {
    int[] dims = dims(x);
    int[] outDims = new int[dims.length];
    for (int i = 0; i < order.length; i++) {
      outDims[i] = dims[order[i]];
    }
    double[] out = new double[x.size()];
    for (int o = 0; o < out.length; o++) {
      int[] outIndex = unravel(o, outDims);
      int[] index = new int[dims.length];
      for (int i = 0; i < order.length; i++) {
        index[order[i]] = outIndex[i];
      }
      out[o] = x.getFlat(ravel(index, dims));
    }
    return array(outDims, out);
  }

  /** Elements {@code start} to {@code end} (exclusive) along {@code axis}. */
  static NdArray slice(NdArray x, int axis, int start, int end) {
    int[] outDims = dims(x);
    outDims[axis] = end - start;
    double[] out = new double[size(outDims)];
    for (int o = 0; o < out.length; o++) {
      int[] index = unravel(o, outDims);
      index[axis] += start;
      out[o] = x.getFlat(ravel(index, dims(x)));
    }
    return array(outDims, out);
  }

  /** Zeros added before and after {@code axis}. */
  static NdArray pad(NdArray x, int axis, int before, int after) {
    int[] outDims = dims(x);
    outDims[axis] += before + after;
    double[] out = new double[size(outDims)];
    for (int i = 0; i < x.size(); i++) {
      int[] index = unravel(i, dims(x));
      index[axis] += before;
      out[ravel(index, outDims)] = x.getFlat(i);
    }
    return array(outDims, out);
  }

  /** Entry {@code j} along {@code axis} is entry {@code indices[j]} of {@code x}. */
  static NdArray indexSelect(NdArray x, int axis, int[] indices) {
    int[] outDims = dims(x);
    outDims[axis] = indices.length;
    double[] out = new double[size(outDims)];
    for (int o = 0; o < out.length; o++) {
      int[] index = unravel(o, outDims);
      index[axis] = indices[index[axis]];
      out[o] = x.getFlat(ravel(index, dims(x)));
    }
    return array(outDims, out);
  }

  /** Zeros of extent {@code size} along {@code axis}, entry {@code j} of {@code x} added at {@code indices[j]}. */
  static NdArray indexAdd(NdArray x, int axis, int size, int[] indices) {
    int[] outDims = dims(x);
    outDims[axis] = size;
    double[] out = new double[size(outDims)];
    for (int i = 0; i < x.size(); i++) {
      int[] index = unravel(i, dims(x));
      index[axis] = indices[index[axis]];
      out[ravel(index, outDims)] += x.getFlat(i);
    }
    return array(outDims, out);
  }

  /** The parts one after another along {@code axis}. */
  static NdArray concat(List<NdArray> parts, int axis) {
    int[] outDims = dims(parts.get(0));
    outDims[axis] = parts.stream().mapToInt(p -> p.shape().dim(axis)).sum();
    double[] out = new double[size(outDims)];
    int offset = 0;
    for (NdArray p : parts) {
      for (int i = 0; i < p.size(); i++) {
        int[] index = unravel(i, dims(p));
        index[axis] += offset;
        out[ravel(index, outDims)] = p.getFlat(i);
      }
      offset += p.shape().dim(axis);
    }
    return array(outDims, out);
  }

  /** The parts side by side along a new axis at {@code axis}. */
  static NdArray stack(List<NdArray> parts, int axis) {
    int[] dims = dims(parts.get(0));
    int[] outDims = insert(dims, axis, parts.size());
    double[] out = new double[size(outDims)];
    for (int p = 0; p < parts.size(); p++) {
      for (int i = 0; i < parts.get(p).size(); i++) {
        out[ravel(insert(unravel(i, dims), axis, p), outDims)] = parts.get(p).getFlat(i);
      }
    }
    return array(outDims, out);
  }

  private static int[] dims(NdArray x) {
    return x.shape().toArray();
  }

  private static NdArray array(int[] dims, double[] values) {
    return NdArray.of(Shape.of(dims), values);
  }

  /** The row-major coordinates of flat position {@code flat} in {@code dims}. */
  private static int[] coordinates(int[] dims, int flat) {
    int[] c = new int[dims.length];
    for (int a = dims.length - 1; a >= 0; a--) {
      c[a] = flat % dims[a];
      flat /= dims[a];
    }
    return c;
  }

  /** The flat row-major position of coordinates {@code c} in {@code dims}. */
  private static int flat(int[] dims, int[] c) {
    int p = 0;
    for (int a = 0; a < dims.length; a++) {
      p = p * dims[a] + c[a];
    }
    return p;
  }

  /** {@code out[c] = x[c with c[axis] = index[c]]}, straight from the definition. */
  static NdArray gather(NdArray x, int axis, NdArray index) {
    int[] dims = index.shape().toArray();
    int[] source = x.shape().toArray();
    double[] out = new double[index.size()];
    for (int i = 0; i < out.length; i++) {
      int[] c = coordinates(dims, i);
      c[axis] = (int) index.getFlat(i);
      out[i] = x.getFlat(flat(source, c));
    }
    return NdArray.of(index.shape(), out);
  }

  /** Zeros of {@code target} plus {@code x[c]} at {@code c with c[axis] = index[c]}, from the definition. */
  static NdArray scatterAdd(NdArray x, int axis, NdArray index, dev.chainrule.autodiff.array.Shape target) {
    int[] dims = x.shape().toArray();
    int[] targetDims = target.toArray();
    double[] out = new double[target.size()];
    for (int i = 0; i < x.size(); i++) {
      int[] c = coordinates(dims, i);
      c[axis] = (int) index.getFlat(i);
      out[flat(targetDims, c)] += x.getFlat(i);
    }
    return NdArray.of(target, out);
  }
}
