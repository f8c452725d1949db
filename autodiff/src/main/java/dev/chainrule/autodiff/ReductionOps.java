package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.op.Softmax;
import dev.chainrule.autodiff.op.Standardize;
import dev.chainrule.autodiff.op.Max;
import dev.chainrule.autodiff.op.Sum;

/**
 * The reductions of {@link Tensor}: sum, mean, max, min, variance and log-sum-exp over any axes, plus the
 * softmax family built on them.
 *
 * <p>Each comes in three forms: over everything ({@code sum()}), over listed axes that are dropped
 * ({@code sum(0, 1)}), or with an {@link Axes} value that can keep them ({@code sum(Axes.keep(1))}).
 */
public sealed interface ReductionOps permits Tensor {
  private Tensor self() {
    return (Tensor) this;
  }

  /**
   * Sum of all elements, a scalar.
   *
   * @return a scalar of this dtype
   */
  default Tensor sum() {
    return sum(Axes.all());
  }

  /**
   * Sum over these axes, which are dropped.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return a new tensor without the reduced axes
   */
  default Tensor sum(int... axes) {
    return sum(Axes.of(axes));
  }

  /**
   * Sum over {@code axes}.
   *
   * @param axes which axes to reduce, and whether they are kept with extent 1
   * @return the reduced tensor
   */
  default Tensor sum(Axes axes) {
    return Tensor.apply(new Sum(axes), self());
  }

  /**
   * Mean of all elements.
   *
   * @return a scalar of this dtype
   */
  default Tensor mean() {
    return mean(Axes.all());
  }

  /**
   * Mean over these axes, which are dropped.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return a new tensor without the reduced axes
   */
  default Tensor mean(int... axes) {
    return mean(Axes.of(axes));
  }

  /**
   * Mean over {@code axes}.
   *
   * @param axes which axes to reduce, and whether they are kept with extent 1
   * @return the reduced tensor
   */
  default Tensor mean(Axes axes) {
    return sum(axes).div(axes.count(self().shape(), "mean"));
  }

  /**
   * Largest element.
   *
   * @return a scalar of this dtype
   */
  default Tensor max() {
    return max(Axes.all());
  }

  /**
   * Maximum over these axes, which are dropped.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return a new tensor without the reduced axes
   */
  default Tensor max(int... axes) {
    return max(Axes.of(axes));
  }

  /**
   * Maximum over {@code axes}; ties share the gradient evenly.
   *
   * @param axes which axes to reduce, and whether they are kept with extent 1
   * @return the reduced tensor
   */
  default Tensor max(Axes axes) {
    return Tensor.apply(new Max(axes), self());
  }

  /**
   * Smallest element.
   *
   * @return a scalar of this dtype
   */
  default Tensor min() {
    return min(Axes.all());
  }

  /**
   * Minimum over these axes, which are dropped.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return a new tensor without the reduced axes
   */
  default Tensor min(int... axes) {
    return min(Axes.of(axes));
  }

  /**
   * Minimum over {@code axes}; ties share the gradient evenly.
   *
   * @param axes which axes to reduce, and whether they are kept with extent 1
   * @return the reduced tensor
   */
  default Tensor min(Axes axes) {
    return self().neg().max(axes).neg();
  }

  /**
   * Population variance (divisor n) of all elements.
   *
   * @return a scalar of this dtype
   */
  default Tensor var() {
    return var(Axes.all(), 0);
  }

  /**
   * Population variance (divisor n) over these axes, which are dropped.
   *
   * @param axes the axes to reduce, negative counting from the end; none for all
   * @return a new tensor without the reduced axes
   */
  default Tensor var(int... axes) {
    return var(Axes.of(axes), 0);
  }

  /**
   * Variance over {@code axes} with divisor {@code n - correction}: 0 for the population variance (NumPy's
   * default), 1 for the unbiased sample variance (PyTorch's default).
   *
   * @param axes which axes to reduce, and whether they are kept with extent 1
   * @param correction subtracted from the number of reduced elements in the divisor, which must stay positive
   * @return the reduced tensor
   */
  default Tensor var(Axes axes, int correction) {
    int n = axes.count(self().shape(), "var");
    checkArgument(
        n - correction > 0, "var: %s elements per result leave no degrees of freedom with correction %s", n, correction);
    Tensor centered = self().sub(mean(axes.keepingDims()));
    return centered.square().sum(axes).div(n - correction);
  }

  /**
   * {@code (x − mean) / √(var + eps)} with the mean and the biased variance taken over {@code axes}: what
   * batch, layer, group and instance normalization share. One fused primitive ({@code Standardize}) when
   * the reduced axes are leading and trailing axes around the kept ones, else composed.
   *
   * @param axes the axes the statistics are taken over (kept or not, the result has this tensor's shape)
   * @param eps added to the variance, positive
   * @return the standardized tensor, of this shape
   */
  default Tensor standardize(Axes axes, double eps) {
    if (Standardize.view(self().shape(), axes) != null) {
      return Tensor.apply(new Standardize(axes, eps), self());
    }
    Axes kept = axes.keepingDims();
    return self().sub(mean(kept)).div(var(kept, 0).add(eps).sqrt());
  }

  /**
   * {@code ln Σ e^x} over all elements, computed stably.
   *
   * @return a scalar of this dtype
   */
  default Tensor logsumexp() {
    return logsumexp(Axes.all());
  }

  /**
   * {@code ln Σ e^x} over {@code axes}, computed stably by shifting with the (detached) maximum; the shift
   * cancels in the value and in the gradient, which is the softmax.
   *
   * @param axes which axes to reduce, and whether they are kept with extent 1
   * @return the reduced tensor
   */
  default Tensor logsumexp(Axes axes) {
    axes.mask(self().shape(), "logsumexp");
    Axes kept = axes.keepingDims();
    Tensor max = self().max(kept).detach();
    Tensor shift = Tensor.where(max.abs().lt(Double.POSITIVE_INFINITY), max, Tensor.scalar(0, max.dtype()));
    Tensor result = self().sub(shift).exp().sum(kept).log().add(shift);
    return axes.keepDims() ? result : result.reshape(axes.reducedShape(self().shape(), "logsumexp"));
  }

  /**
   * Softmax along {@code axis}: {@code e^x / Σ e^x}, shifted by the maximum for stability.
   *
   * @param axis the axis to normalize over, negative counting from the end
   * @return a new tensor of this shape whose entries along {@code axis} are positive and sum to 1
   */
  default Tensor softmax(int axis) {
    int last = self().rank() - 1;
    int a = self().shape().axis(axis, "softmax");
    return a == last ? Tensor.apply(new Softmax(), self()) : self().transpose(a, last).softmax(-1).transpose(a, last);
  }

  /**
   * Log-softmax along {@code axis}: {@code x - logsumexp(x)}, stable for large inputs.
   *
   * @param axis the axis to normalize over, negative counting from the end
   * @return a new tensor of this shape
   */
  default Tensor logSoftmax(int axis) {
    self().shape().axis(axis, "logSoftmax");
    return self().sub(logsumexp(Axes.keep(axis)));
  }
}
