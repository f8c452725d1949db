package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;
import java.util.Set;

/** The checks {@link Optimizer#loadState} runs before it changes anything. */
final class StateCheck {
  private StateCheck() {}

  /** 2^53: every non-negative integer up to it is exactly a double, and it fits a long. */
  static final double MAX_EXACT_STEP_COUNT = 0x1p53;

  /**
   * Checks that {@code given} has exactly the keys of {@code expected}, each with the same shape and
   * dtype, and a usable learning rate and step count.
   */
  static void check(Map<String, NdArray> expected, Map<String, NdArray> given, int parameterCount, Set<String> slotNames) {
    for (String key : given.keySet()) {
      checkArgument(
          expected.containsKey(key),
          "optimizer loadState: unexpected key %s; this optimizer has %s parameters with slots %s",
          key, parameterCount, slotNames);
    }
    for (Map.Entry<String, NdArray> entry : expected.entrySet()) {
      NdArray value = given.get(entry.getKey());
      checkArgument(value != null, "optimizer loadState: missing key %s", entry.getKey());
      NdArray like = entry.getValue();
      checkArgument(
          value.shape().equals(like.shape()) && value.dtype() == like.dtype(),
          "optimizer loadState: %s must be %s%s; got %s%s",
          entry.getKey(), like.dtype(), like.shape(), value.dtype(), value.shape());
    }
    double rate = given.get(Optimizer.LEARNING_RATE).item();
    checkArgument(
        rate >= 0 && Double.isFinite(rate),
        "optimizer loadState: %s must be non-negative and finite; got %s", Optimizer.LEARNING_RATE, rate);
    double steps = given.get(Optimizer.STEP_COUNT).item();
    checkArgument(
        steps >= 0 && steps == Math.rint(steps),
        "optimizer loadState: %s must be a non-negative integer; got %s", Optimizer.STEP_COUNT, steps);
    // Infinity passes the integer test above, and a double beyond 2^53 no longer holds every integer
    // (a cast to long would silently clamp +Infinity and 1e300 to Long.MAX_VALUE).
    checkArgument(
        steps <= MAX_EXACT_STEP_COUNT,
        "optimizer loadState: %s must be finite and at most 2^53 (the largest integer a double holds "
            + "exactly); got %s",
        Optimizer.STEP_COUNT, steps);
  }
}
