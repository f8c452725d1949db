package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;

/** The normalization both batch and layer normalization share: {@code (x - mean) / √(var + ε)}. */
final class Normalization {
  private Normalization() {}

  /** Normalizes {@code x} with the given mean and (biased) variance, both broadcastable to it. */
  static Tensor normalize(Tensor x, Tensor mean, Tensor variance, double eps) {
    return x.sub(mean).div(variance.add(eps).sqrt());
  }

  /** Normalizes {@code x} over {@code axes} with its own statistics. */
  static Tensor normalizeOver(Tensor x, Axes axes, double eps) {
    Axes kept = axes.keepingDims();
    return normalize(x, x.mean(kept), x.var(kept, 0), eps);
  }
}
