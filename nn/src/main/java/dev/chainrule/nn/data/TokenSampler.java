package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * Draws the next token from a model's logits for generation: the logits are divided by the temperature,
 * all but the {@code topK} largest are dropped, and a token is drawn from the softmax of the rest.
 * Temperature 0 is greedy: the largest logit wins (the lowest token on a tie).
 *
 * @param temperature non-negative; below 1 sharpens the distribution, above 1 flattens it
 * @param topK how many of the largest logits may be drawn; 0 for all of them
 */
public record TokenSampler(double temperature, int topK) {
  /**
   * Validates the settings.
   *
   * @param temperature non-negative; below 1 sharpens the distribution, above 1 flattens it
   * @param topK how many of the largest logits may be drawn; 0 for all of them
   */
  public TokenSampler {
    checkArgument(
        temperature >= 0 && Double.isFinite(temperature),
        "tokenSampler: temperature must be finite and non-negative; got %s", temperature);
    checkArgument(topK >= 0, "tokenSampler: topK must be non-negative; got %s", topK);
  }

  /**
   * Drawing from the full softmax at temperature 1.
   *
   * @return the sampler
   */
  public static TokenSampler softmax() {
    return new TokenSampler(1, 0);
  }

  /**
   * Always the most likely token.
   *
   * @return the sampler
   */
  public static TokenSampler greedy() {
    return new TokenSampler(0, 0);
  }

  /**
   * One token drawn from {@code logits}, a vector {@code [V]} (or any shape of V elements).
   *
   * @param logits the unnormalized log-probabilities of the {@code V} tokens
   * @param random the source of the draw
   * @return the token, in {@code [0, V)}
   */
  public int sample(Tensor logits, Random random) {
    double[] z = logits.value().toDoubleArray();
    checkArgument(z.length > 0, "tokenSampler: logits are empty; got %s", logits.shape());
    int best = 0;
    for (int i = 0; i < z.length; i++) {
      checkArgument(!Double.isNaN(z[i]), "tokenSampler: logit %s is NaN", i);
      if (z[i] > z[best]) {
        best = i;
      }
    }
    if (temperature == 0) {
      return best;
    }
    double cutoff = Double.NEGATIVE_INFINITY;
    if (topK > 0 && topK < z.length) {
      double[] sorted = z.clone();
      Arrays.sort(sorted);
      cutoff = sorted[z.length - topK];
    }
    double[] weights = new double[z.length];
    double total = 0;
    for (int i = 0; i < z.length; i++) {
      // shifted by the maximum, so exp never overflows; ties at the cutoff are all kept
      weights[i] = z[i] >= cutoff ? Math.exp((z[i] - z[best]) / temperature) : 0;
      total += weights[i];
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < z.length; i++) {
      u -= weights[i];
      if (u < 0 && weights[i] > 0) {
        return i;
      }
    }
    return best; // rounding left u at 0 after the last weight
  }
}
