package dev.chainrule.autodiff.kernel.update;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Storage;

/**
 * Optimizer updates fused into one pass over a parameter's elements, for the update rules of
 * {@code dev.chainrule.nn.optim}. DJL's {@code adamUpdate} and PyTorch's fused Adam do the same job.
 *
 * <p>Composed from array operations, an Adam step makes about twelve passes and writes twelve temporary
 * arrays. Here every element is computed once, in double, and rounded once to the arrays' dtype. In
 * float64 the result agrees with the composed form to rounding; in float32 it is the more accurate of the two.
 * Operands must have one shape and one dtype; the error names the update and the shapes.
 */
public final class FusedUpdates {
  /**
   * The outcome of one {@link #adam} step.
   *
   * @param value the updated parameter
   * @param firstMoment the new first moment m
   * @param secondMoment the new second moment v
   */
  public record AdamStep(NdArray value, NdArray firstMoment, NdArray secondMoment) {}

  private FusedUpdates() {}

  /**
   * {@code a·x + y} in one pass (BLAS's axpy): e.g. a plain SGD step {@code w − lr·g} is {@code axpy(-lr, g, w)}.
   *
   * @param a the scale of {@code x}
   * @param x the scaled operand
   * @param y the added operand, of {@code x}'s shape and dtype
   * @return a new array of {@code x}'s shape and dtype
   */
  public static NdArray axpy(double a, NdArray x, NdArray y) {
    check("axpy", x, y);
    int n = x.size();
    if (x.dtype() == DType.FLOAT64) {
      double[] xs = x.storage().f64();
      double[] ys = y.storage().f64();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = a * xs[i] + ys[i];
      }
      return array(x.shape(), out);
    }
    float[] xs = x.storage().f32();
    float[] ys = y.storage().f32();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (a * xs[i] + ys[i]);
    }
    return array(x.shape(), out);
  }

  /**
   * One Adam step (Kingma and Ba 2015, Algorithm 1) for parameter {@code w} with gradient {@code g}:
   * {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²}, then
   * {@code w ← w − lr·(m/c₁) / (√(v/c₂) + ε)}. Here {@code c₁ = 1 − β₁ᵗ} and {@code c₂ = 1 − β₂ᵗ} are the
   * bias corrections of step t, which the caller passes.
   *
   * @param w the parameter
   * @param g its gradient, of {@code w}'s shape and dtype
   * @param m the first moment before the step, of {@code w}'s shape and dtype
   * @param v the second moment before the step, of {@code w}'s shape and dtype
   * @param learningRate the step size {@code lr}
   * @param beta1 the decay {@code β₁} of the first moment
   * @param beta2 the decay {@code β₂} of the second moment
   * @param epsilon added to the root of the corrected second moment, positive
   * @param correction1 the first moment's bias correction {@code c₁}
   * @param correction2 the second moment's bias correction {@code c₂}
   * @return the new parameter and moments, of {@code w}'s shape and dtype
   */
  public static AdamStep adam(
      NdArray w, NdArray g, NdArray m, NdArray v,
      double learningRate, double beta1, double beta2, double epsilon, double correction1, double correction2) {
    check("adam", w, g);
    check("adam", w, m);
    check("adam", w, v);
    int n = w.size();
    if (w.dtype() == DType.FLOAT64) {
      double[] ws = w.storage().f64();
      double[] gs = g.storage().f64();
      double[] ms = m.storage().f64();
      double[] vs = v.storage().f64();
      double[] nextW = new double[n];
      double[] nextM = new double[n];
      double[] nextV = new double[n];
      for (int i = 0; i < n; i++) {
        double gi = gs[i];
        double mi = beta1 * ms[i] + (1 - beta1) * gi;
        double vi = beta2 * vs[i] + (1 - beta2) * gi * gi;
        nextM[i] = mi;
        nextV[i] = vi;
        nextW[i] = ws[i] - learningRate * (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon);
      }
      return new AdamStep(array(w.shape(), nextW), array(w.shape(), nextM), array(w.shape(), nextV));
    }
    float[] ws = w.storage().f32();
    float[] gs = g.storage().f32();
    float[] ms = m.storage().f32();
    float[] vs = v.storage().f32();
    float[] nextW = new float[n];
    float[] nextM = new float[n];
    float[] nextV = new float[n];
    for (int i = 0; i < n; i++) {
      double gi = gs[i];
      double mi = beta1 * ms[i] + (1 - beta1) * gi;
      double vi = beta2 * vs[i] + (1 - beta2) * gi * gi;
      nextM[i] = (float) mi;
      nextV[i] = (float) vi;
      nextW[i] = (float) (ws[i] - learningRate * (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon));
    }
    return new AdamStep(array(w.shape(), nextW), array(w.shape(), nextM), array(w.shape(), nextV));
  }

  private static void check(String update, NdArray a, NdArray b) {
    checkArgument(
        a.shape().equals(b.shape()), "%s: operands need one shape; got %s and %s", update, a.shape(), b.shape());
    checkArgument(
        a.dtype() == b.dtype(), "%s: dtypes differ; got %s and %s (convert one with to(DType))", update, a.dtype(), b.dtype());
  }

  private static NdArray array(Shape shape, double[] data) {
    return NdArray.of(Storage.of(shape, data));
  }

  private static NdArray array(Shape shape, float[] data) {
    return NdArray.of(Storage.of(shape, data));
  }
}
