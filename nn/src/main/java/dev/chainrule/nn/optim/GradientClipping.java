package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A transformation of the gradients an {@link Optimizer} applies before its update rule, such as
 * rescaling them to a maximum global norm.
 *
 * <p>Clipping sees the gradients of the parameters that have one in this step, together, so a norm is
 * taken over all of them at once.
 */
@FunctionalInterface
public interface GradientClipping {
  /**
   * The clipped gradients, in the same order and with the same shapes and dtypes as {@code gradients}.
   *
   * @param gradients the gradients of the parameters, in the optimizer's order
   * @return the clipped gradients
   */
  List<NdArray> clip(List<NdArray> gradients);

  /**
   * No clipping: the gradients are returned as they are.
   *
   * @return the identity clipping
   */
  static GradientClipping none() {
    return gradients -> gradients;
  }

  /**
   * Rescales all gradients together by {@code maxNorm / ‖g‖} when their global norm {@code ‖g‖} (see
   * {@link #norm}) exceeds {@code maxNorm}, so the direction is kept and the norm becomes {@code maxNorm};
   * Pascanu, Mikolov &amp; Bengio (2013), "On the difficulty of training recurrent neural networks".
   *
   * <p>Unlike PyTorch's {@code clip_grad_norm_} no ε is added to the norm. A non-finite norm (a NaN or
   * infinite gradient) leaves the gradients unchanged, so the problem shows up in the parameters rather
   * than being hidden by a zero scale.
   *
   * @param maxNorm the largest global norm allowed, positive
   * @return the clipping
   */
  static GradientClipping byGlobalNorm(double maxNorm) {
    return new ClipByGlobalNorm(maxNorm);
  }

  /**
   * Clamps every gradient element to {@code [−maxAbs, maxAbs]}; NaN stays NaN.
   *
   * @param maxAbs the largest magnitude allowed, positive
   * @return the clipping
   */
  static GradientClipping byValue(double maxAbs) {
    return new ClipByValue(maxAbs);
  }

  /**
   * The global norm of the parameters' gradients, {@code √(Σ g²)} over every element of every gradient;
   * parameters without a gradient count as zero.
   *
   * @param parameters the parameters
   * @return the global norm, non-negative
   */
  static double globalNorm(List<Parameter> parameters) {
    List<NdArray> gradients = new ArrayList<>();
    for (Parameter p : parameters) {
      if (p.hasGrad()) {
        gradients.add(p.grad());
      }
    }
    return norm(gradients);
  }

  /**
   * The norm of the arrays taken together as one vector, {@code √(Σ x²)}, accumulated in float64 and
   * scaled by the largest magnitude first, so huge but finite gradients do not overflow.
   *
   * @param arrays the arrays
   * @return the norm, non-negative for finite elements
   */
  static double norm(List<NdArray> arrays) {
    double largest = 0;
    for (NdArray array : arrays) {
      for (int i = 0; i < array.size(); i++) {
        double v = Math.abs(array.getFlat(i));
        largest = Double.isNaN(v) || v > largest ? v : largest;
      }
    }
    if (largest == 0 || !Double.isFinite(largest)) {
      return largest;
    }
    double sumOfSquares = 0;
    for (NdArray array : arrays) {
      for (int i = 0; i < array.size(); i++) {
        double v = array.getFlat(i) / largest;
        sumOfSquares += v * v;
      }
    }
    return largest * Math.sqrt(sumOfSquares);
  }
}
