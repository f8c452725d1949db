package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * A learning rate that drops by a factor when a metric to minimise (such as validation loss) has
 * stopped improving, like PyTorch's {@code ReduceLROnPlateau} in mode {@code "min"}.
 *
 * <p>A metric improves when it is below the best so far by more than {@code minDelta} (an absolute
 * threshold). After more than {@code patience} observations in a row without improvement, the rate
 * becomes {@code max(lr·factor, minLr)} and the count starts again. A NaN metric never improves.
 *
 * <pre>{@code
 * ReduceOnPlateau plateau = ReduceOnPlateau.create(0.1, 0.5, 2, 0, 1e-4);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   train(optimizer);
 *   optimizer.setLearningRate(plateau.observe(validationLoss()));
 * }
 * }</pre>
 *
 * <p>Mutable: it remembers the best metric, the run of bad observations and the current rate.
 */
public final class ReduceOnPlateau {
  private final double factor;
  private final int patience;
  private final double minDelta;
  private final double minLr;
  private double learningRate;
  private double best = Double.POSITIVE_INFINITY;
  private int badObservations;

  private ReduceOnPlateau(double learningRate, double factor, int patience, double minDelta, double minLr) {
    this.learningRate = learningRate;
    this.factor = factor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.minLr = minLr;
  }

  /**
   * A plateau detector starting at {@code learningRate}.
   *
   * @param learningRate the starting rate, positive
   * @param factor what the rate is multiplied by on a plateau, in (0, 1)
   * @param patience how many observations without improvement are tolerated, non-negative
   * @param minDelta how much lower than the best a metric must be to count as better, non-negative
   * @param minLr the rate never drops below this, in [0, learningRate]
   * @return the detector
   */
  public static ReduceOnPlateau create(double learningRate, double factor, int patience, double minDelta, double minLr) {
    Checks.positive("reduce on plateau", "learningRate", learningRate);
    checkArgument(factor > 0 && factor < 1, "reduce on plateau: factor must be in (0, 1); got %s", factor);
    checkArgument(patience >= 0, "reduce on plateau: patience must be non-negative; got %s", patience);
    Checks.nonNegative("reduce on plateau", "minDelta", minDelta);
    checkArgument(
        minLr >= 0 && minLr <= learningRate,
        "reduce on plateau: minLr must be in [0, learningRate]; got %s with learningRate %s", minLr, learningRate);
    return new ReduceOnPlateau(learningRate, factor, patience, minDelta, minLr);
  }

  /**
   * A plateau detector with PyTorch's defaults: factor 0.1, patience 10, minLr 0 (and minDelta 0).
   *
   * @param learningRate the starting rate, positive
   * @return the detector
   */
  public static ReduceOnPlateau startingAt(double learningRate) {
    return create(learningRate, 0.1, 10, 0, 0);
  }

  /**
   * Records one value of the metric and returns the learning rate to use from now on.
   *
   * @param metric the observed value, lower being better (a validation loss, say)
   * @return the learning rate
   */
  public double observe(double metric) {
    if (metric < best - minDelta) {
      best = metric;
      badObservations = 0;
    } else {
      badObservations++;
    }
    if (badObservations > patience) {
      learningRate = Math.max(learningRate * factor, minLr);
      badObservations = 0;
    }
    return learningRate;
  }

  /**
   * The current learning rate.
   *
   * @return the learning rate
   */
  public double learningRate() {
    return learningRate;
  }

  /**
   * The best (lowest) metric observed so far; +∞ before any observation.
   *
   * @return the best metric
   */
  public double best() {
    return best;
  }

  /**
   * What it remembers, to resume training: {@code "learningRate"}, {@code "best"} and
   * {@code "badObservations"} as rank-0 float64 arrays (the configuration is not included).
   *
   * @return the snapshot
   */
  public Map<String, NdArray> state() {
    return Map.of(
        "learningRate", NdArray.scalar(learningRate),
        "best", NdArray.scalar(best),
        "badObservations", NdArray.scalar(badObservations));
  }

  /**
   * Restores a {@link #state()} snapshot, after checking all of it.
   *
   * @param state a snapshot from {@link #state()} of a detector with the same configuration
   * @throws IllegalArgumentException if a key is missing or extra, or a value is not a usable rate, best
   *     value or count; nothing has changed then
   */
  public void loadState(Map<String, NdArray> state) {
    checkArgument(state.keySet().equals(state().keySet()),
        "reduce on plateau loadState: the keys must be %s; got %s", state().keySet(), state.keySet());
    for (Map.Entry<String, NdArray> entry : state.entrySet()) {
      checkArgument(entry.getValue().size() == 1 && entry.getValue().shape().rank() == 0,
          "reduce on plateau loadState: %s must be a scalar; got shape %s", entry.getKey(), entry.getValue().shape());
    }
    double rate = state.get("learningRate").item();
    double bad = state.get("badObservations").item();
    checkArgument(rate >= minLr && Double.isFinite(rate),
        "reduce on plateau loadState: learningRate must be finite and at least minLr %s; got %s", minLr, rate);
    checkArgument(bad >= 0 && bad <= patience && bad == Math.rint(bad),
        "reduce on plateau loadState: badObservations must be an integer in [0, patience %s]; got %s", (Object) patience, bad);
    learningRate = rate;
    best = state.get("best").item();
    badObservations = (int) bad;
  }
}
