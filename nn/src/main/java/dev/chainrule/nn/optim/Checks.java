package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/** Argument checks for optimizer configuration, with messages like {@code sgd: momentum must be in [0, 1); got 1.5}. */
final class Checks {
  private Checks() {}

  /** Checks {@code 0 < value < ∞}. */
  static void positive(String op, String name, double value) {
    checkArgument(value > 0, "%s: %s must be positive; got %s", op, name, value);
    checkArgument(Double.isFinite(value), "%s: %s must be finite; got %s", op, name, value);
  }

  /** Checks {@code 0 ≤ value < ∞}. */
  static void nonNegative(String op, String name, double value) {
    checkArgument(value >= 0, "%s: %s must be non-negative; got %s", op, name, value);
    checkArgument(Double.isFinite(value), "%s: %s must be finite; got %s", op, name, value);
  }

  /** Checks {@code 0 ≤ value < 1}, the range of decay rates such as momentum and Adam's betas. */
  static void decayRate(String op, String name, double value) {
    checkArgument(value >= 0 && value < 1, "%s: %s must be in [0, 1); got %s", op, name, value);
  }
}
