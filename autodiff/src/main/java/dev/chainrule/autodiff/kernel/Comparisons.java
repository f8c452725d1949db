package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Comparison;

/**
 * {@code a relation b ? 1 : 0} over broadcast operands, one {@link Walk} run at a time: a max-pool's
 * backward compares its windows {@code [N·C, k², L]} with their maxima {@code [N·C, 1, L]}, runs of
 * {@code L} against {@code L}, which the per-element route through a {@code DoubleBinaryOperator} took
 * 5 ms for (the MNIST-sized CNN's first pool).
 */
final class Comparisons {
  private Comparisons() {}

  /** The comparison of {@code a} with {@code b}, one shape and dtype (either may be a broadcast view). */
  static NdArray compare(NdArray a, NdArray b, Comparison relation) {
    Shape shape = a.shape();
    Storage x = a.storage().source();
    Storage y = b.storage().source();
    Walk w = Walk.over(shape, x, y);
    if (x.dtype() == DType.FLOAT64) {
      double[] u = x.f64();
      double[] v = y.f64();
      double[] out = new double[shape.size()];
      for (int r = 0, o = 0; r < w.runs; r++, o += w.length, w.next()) {
        run(relation, u, w.offsets[0], w.steps[0], v, w.offsets[1], w.steps[1], out, o, w.length);
      }
      return Storage.array(shape, out);
    }
    float[] u = x.f32();
    float[] v = y.f32();
    float[] out = new float[shape.size()];
    for (int r = 0, o = 0; r < w.runs; r++, o += w.length, w.next()) {
      run(relation, u, w.offsets[0], w.steps[0], v, w.offsets[1], w.steps[1], out, o, w.length);
    }
    return Storage.array(shape, out);
  }

  /** One run: {@code u} from {@code i} and {@code v} from {@code j}, each stepping by 0 or 1. */
  private static void run(Comparison relation, double[] u, int i, int us, double[] v, int j, int vs,
      double[] out, int o, int n) {
    if (us == 1 && vs == 1) {
      switch (relation) {
        case EQUAL: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] == v[j + k]); return;
        case GREATER: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] > v[j + k]); return;
        case LESS: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] < v[j + k]); return;
        default: break;
      }
    }
    for (int k = 0; k < n; k++) {
      out[o + k] = bit(relation.test(u[i + k * us], v[j + k * vs]));
    }
  }

  /** The float32 twin of {@link #run(Comparison, double[], int, int, double[], int, int, double[], int, int)}. */
  private static void run(Comparison relation, float[] u, int i, int us, float[] v, int j, int vs,
      float[] out, int o, int n) {
    if (us == 1 && vs == 1) {
      switch (relation) {
        case EQUAL: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] == v[j + k]); return;
        case GREATER: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] > v[j + k]); return;
        case LESS: for (int k = 0; k < n; k++) out[o + k] = bit(u[i + k] < v[j + k]); return;
        default: break;
      }
    }
    for (int k = 0; k < n; k++) {
      out[o + k] = bit(relation.test(u[i + k * us], v[j + k * vs]));
    }
  }

  /** 1 for true, 0 for false, through an int, which the JIT turns into a flag instruction, not a branch. */
  private static int bit(boolean b) {
    return b ? 1 : 0;
  }
}
