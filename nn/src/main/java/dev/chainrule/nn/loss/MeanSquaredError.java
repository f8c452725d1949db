package dev.chainrule.nn.loss;

import dev.chainrule.autodiff.Tensor;

/**
 * Squared error {@code (ŷ - y)²}, averaged or summed.
 *
 * <p>The backpropagation literature (and the articles the worked examples come from) write the error of one example
 * as {@code E = ½ Σ (t - o)²}, whose gradient is simply {@code o - t}. That is {@code ½ ×} this loss with
 * {@link Reduction#SUM}; use {@link #halfSum()} to get it exactly. With {@link Reduction#MEAN} the
 * gradient is {@code 2(ŷ - y)/n}: the same direction, scaled, so learning rates differ by that factor.
 *
 * @param reduction mean or sum over elements
 */
public record MeanSquaredError(Reduction reduction) implements Loss {
  /**
   * The mean over all elements, as {@code torch.nn.MSELoss()}.
   *
   * @return the loss
   */
  public static MeanSquaredError mean() {
    return new MeanSquaredError(Reduction.MEAN);
  }

  /**
   * The sum of the squared errors of all elements, as {@code torch.nn.MSELoss(reduction="sum")}: {@link #mean()} times the count, so that
   * slices of a batch can be added up (data parallelism, gradient accumulation) and scaled once.
   *
   * @return the loss
   */
  public static MeanSquaredError sum() {
    return new MeanSquaredError(Reduction.SUM);
  }

  /**
   * The textbook {@code E = ½ Σ (t - o)²}.
   *
   * @return the loss
   */
  public static Loss halfSum() {
    MeanSquaredError sum = sum();
    return new Loss() {
      @Override
      public Tensor apply(Tensor prediction, Tensor target) {
        return sum.apply(prediction, target).mul(0.5);
      }

      @Override
      public Reduction reduction() {
        return Reduction.SUM;
      }

      @Override
      public String toString() {
        return "½·SumSquaredError";
      }
    };
  }

  @Override
  public Tensor apply(Tensor prediction, Tensor target) {
    Loss.checkMatching("mse", prediction, target);
    return reduction.reduce(prediction.sub(target).square());
  }
}
