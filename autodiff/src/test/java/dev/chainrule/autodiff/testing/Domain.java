package dev.chainrule.autodiff.testing;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an op may be sampled for a finite-difference check: an interval, minus a margin around each
 * point where the op is not differentiable (kinks such as ReLU's 0).
 *
 * <p>{@code Domain.of(-3, 3).awayFrom(0, 1e-3)} samples {@code [-3, 3]} but never {@code |x| < 1e-3}.
 *
 * @param min lowest value
 * @param max highest value
 * @param kinks points to stay away from
 * @param margin how far to stay away from each kink
 */
public record Domain(double min, double max, List<Double> kinks, double margin) {
  /** Validates the interval and copies the kinks. */
  public Domain {
    checkArgument(min <= max, "Domain: min %s exceeds max %s", min, max);
    checkArgument(margin >= 0, "Domain: margin must be non-negative; got %s", margin);
    kinks = List.copyOf(kinks);
  }

  /** The interval {@code [min, max]} with no kinks. */
  public static Domain of(double min, double max) {
    return new Domain(min, max, List.of(), 0);
  }

  /** The default for smooth ops: {@code [-3, 3]}. */
  public static Domain standard() {
    return of(-3, 3);
  }

  /** Strictly positive values {@code [low, max]}, for log, sqrt and fractional powers. */
  public static Domain positive(double low, double max) {
    return of(low, max);
  }

  /** This domain, additionally keeping {@code margin} away from {@code point}. */
  public Domain awayFrom(double point, double margin) {
    List<Double> more = new ArrayList<>(kinks);
    more.add(point);
    return new Domain(min, max, more, Math.max(this.margin, margin));
  }

  /** Whether {@code value} may be sampled. */
  public boolean admits(double value) {
    if (!(value >= min && value <= max)) {
      return false;
    }
    for (double k : kinks) {
      if (Math.abs(value - k) < margin) {
        return false;
      }
    }
    return true;
  }
}
