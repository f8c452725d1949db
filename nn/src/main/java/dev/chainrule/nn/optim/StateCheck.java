package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;
import java.util.Set;

/** The checks {@link Optimizer#loadState} runs before it changes anything. */
final class StateCheck {
  private StateCheck() {}

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
  }
}
