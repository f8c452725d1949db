package dev.chainrule.autodiff.op;

import static dev.chainrule.autodiff.op.RowMajor.broadcast;
import static dev.chainrule.autodiff.op.RowMajor.ravel;
import static dev.chainrule.autodiff.op.RowMajor.size;
import static dev.chainrule.autodiff.op.RowMajor.sourceOf;
import static dev.chainrule.autodiff.op.RowMajor.unravel;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * Plain-loop references for the arithmetic ops (elementwise, reductions, softmax, matmul), written from the
 * definitions over row-major multi-indices, independent of the library's kernels; the shape ops' are in
 * {@link LayoutReference}.
 */
final class Reference {
  private Reference() {}

  /** {@code f} applied to every element. */
  static NdArray map(NdArray x, DoubleUnaryOperator f) {
    double[] v = x.toDoubleArray();
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = f.applyAsDouble(v[i]);
    }
    return array(dims(x), out);
  }

  /** {@code f} applied to pairs of elements after NumPy broadcasting. */
  static NdArray zip(NdArray a, NdArray b, DoubleBinaryOperator f) {
    int[] outDims = broadcast(dims(a), dims(b));
    double[] out = new double[size(outDims)];
    for (int o = 0; o < out.length; o++) {
      int[] index = unravel(o, outDims);
      out[o] = f.applyAsDouble(a.getFlat(sourceOf(index, dims(a))), b.getFlat(sourceOf(index, dims(b))));
    }
    return array(outDims, out);
  }

  /** {@code condition != 0 ? a : b}, all three broadcast. */
  static NdArray where(NdArray condition, NdArray a, NdArray b) {
    int[] outDims = broadcast(broadcast(dims(condition), dims(a)), dims(b));
    double[] out = new double[size(outDims)];
    for (int o = 0; o < out.length; o++) {
      int[] index = unravel(o, outDims);
      boolean pick = condition.getFlat(sourceOf(index, dims(condition))) != 0;
      out[o] = pick ? a.getFlat(sourceOf(index, dims(a))) : b.getFlat(sourceOf(index, dims(b)));
    }
    return array(outDims, out);
  }

  /**
   * {@code f} applied to each group of elements that agree on the axes not {@code reduced}; the reduced
   * axes are dropped, or kept with extent 1.
   */
  static NdArray reduce(NdArray x, boolean[] reduced, boolean keep, ToDoubleFunction<double[]> f) {
    int[] dims = dims(x);
    int[] kept = dims.clone();
    List<Integer> outDims = new ArrayList<>();
    for (int a = 0; a < dims.length; a++) {
      if (reduced[a]) {
        kept[a] = 1;
      }
      if (!reduced[a] || keep) {
        outDims.add(kept[a]);
      }
    }
    List<List<Double>> groups = new ArrayList<>();
    for (int g = 0; g < size(kept); g++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < x.size(); i++) {
      groups.get(sourceOf(unravel(i, dims), kept)).add(x.getFlat(i));
    }
    double[] out = new double[groups.size()];
    for (int g = 0; g < out.length; g++) {
      out[g] = f.applyAsDouble(groups.get(g).stream().mapToDouble(Double::doubleValue).toArray());
    }
    return array(outDims.stream().mapToInt(Integer::intValue).toArray(), out);
  }

  /** {@code f} applied to every line of elements along {@code axis} (softmax and friends). */
  static NdArray alongAxis(NdArray x, int axis, UnaryOperator<double[]> f) {
    int[] dims = dims(x);
    double[] out = new double[x.size()];
    for (int i = 0; i < x.size(); i++) {
      int[] index = unravel(i, dims);
      if (index[axis] != 0) {
        continue;
      }
      double[] line = new double[dims[axis]];
      for (int j = 0; j < line.length; j++) {
        index[axis] = j;
        line[j] = x.getFlat(ravel(index, dims));
      }
      double[] result = f.apply(line);
      for (int j = 0; j < line.length; j++) {
        index[axis] = j;
        out[ravel(index, dims)] = result[j];
      }
    }
    return array(dims, out);
  }

  // ---------------------------------------------------------------- reductions of one group

  static double sum(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e;
    }
    return s;
  }

  static double mean(double[] v) {
    return sum(v) / v.length;
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }

  /** Variance with divisor {@code n - correction}, by the two-pass formula. */
  static double variance(double[] v, int correction) {
    double mean = mean(v);
    double s = 0;
    for (double e : v) {
      s += (e - mean) * (e - mean);
    }
    return s / (v.length - correction);
  }

  /** {@code ln Σ e^v}, shifted by the maximum so that large inputs do not overflow. */
  static double logSumExp(double[] v) {
    double m = max(v);
    double s = 0;
    for (double e : v) {
      s += Math.exp(e - m);
    }
    return m + Math.log(s);
  }

  /** {@code e^v / Σ e^v} (shift-invariant, so computed on {@code v - max v}). */
  static double[] softmax(double[] v) {
    double m = max(v);
    double[] out = new double[v.length];
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.exp(v[i] - m);
      s += out[i];
    }
    for (int i = 0; i < v.length; i++) {
      out[i] /= s;
    }
    return out;
  }

  /** {@code v - ln Σ e^v}. */
  static double[] logSoftmax(double[] v) {
    double lse = logSumExp(v);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - lse;
    }
    return out;
  }

  // ---------------------------------------------------------------- matrix products

  /**
   * NumPy's {@code matmul}: a vector operand gets a unit axis (removed again from the result), batch axes
   * broadcast, and {@code C[i, j] = Σ_q A[i, q] · B[q, j]} for every batch entry.
   */
  static NdArray matmul(NdArray a, NdArray b) {
    int[] ad = a.rank() == 1 ? new int[] {1, a.shape().dim(0)} : dims(a);
    int[] bd = b.rank() == 1 ? new int[] {b.shape().dim(0), 1} : dims(b);
    int m = ad[ad.length - 2];
    int k = ad[ad.length - 1];
    int n = bd[bd.length - 1];
    int[] aBatch = Arrays.copyOf(ad, ad.length - 2);
    int[] bBatch = Arrays.copyOf(bd, bd.length - 2);
    int[] batch = broadcast(aBatch, bBatch);
    double[] out = new double[size(batch) * m * n];
    for (int p = 0; p < size(batch); p++) {
      int[] batchIndex = unravel(p, batch);
      int ao = sourceOf(batchIndex, aBatch) * m * k;
      int bo = sourceOf(batchIndex, bBatch) * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int q = 0; q < k; q++) {
            s += a.getFlat(ao + i * k + q) * b.getFlat(bo + q * n + j);
          }
          out[(p * m + i) * n + j] = s;
        }
      }
    }
    List<Integer> outDims = new ArrayList<>();
    Arrays.stream(batch).forEach(outDims::add);
    if (a.rank() > 1) {
      outDims.add(m);
    }
    if (b.rank() > 1) {
      outDims.add(n);
    }
    return array(outDims.stream().mapToInt(Integer::intValue).toArray(), out);
  }

  /** The {@code MatMul} primitive: {@code op(A) · op(B)} per batch entry, {@code op} transposing when flagged. */
  static NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB) {
    int r = a.rank();
    int[] ad = dims(a);
    int[] bd = dims(b);
    int m = transposeA ? ad[r - 1] : ad[r - 2];
    int k = transposeA ? ad[r - 2] : ad[r - 1];
    int n = transposeB ? bd[r - 2] : bd[r - 1];
    int batch = size(Arrays.copyOf(ad, r - 2));
    double[] out = new double[batch * m * n];
    for (int p = 0; p < batch; p++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int q = 0; q < k; q++) {
            double aiq = a.getFlat(p * m * k + (transposeA ? q * m + i : i * k + q));
            double bqj = b.getFlat(p * k * n + (transposeB ? j * k + q : q * n + j));
            s += aiq * bqj;
          }
          out[(p * m + i) * n + j] = s;
        }
      }
    }
    int[] outDims = ad.clone();
    outDims[r - 2] = m;
    outDims[r - 1] = n;
    return array(outDims, out);
  }

  private static int[] dims(NdArray x) {
    return x.shape().toArray();
  }

  private static NdArray array(int[] dims, double[] values) {
    return NdArray.of(Shape.of(dims), values);
  }
}
