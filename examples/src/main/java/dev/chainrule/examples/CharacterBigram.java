package dev.chainrule.examples;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The count-based baseline: the next character's probability given only the current one, from counts of
 * character pairs in training words (with {@code .} before and after each word) or in any token sequences, plus {@code smoothing}
 * added to every count so unseen pairs keep some probability (Laplace's rule for {@code smoothing = 1}).
 *
 * <p>For the words {@code ab} and {@code b} without smoothing: {@code .} is followed by {@code a} or
 * {@code b} half the time each, and every other pair is certain, so the five predicted characters cost
 * 2 bits in all, 0.4 bits per character.
 */
final class CharacterBigram {
  private final double[][] probabilities;

  private CharacterBigram(double[][] probabilities) {
    this.probabilities = probabilities;
  }

  /** The bigram of {@code words}, each count raised by {@code smoothing}. */
  static CharacterBigram fit(List<String> words, double smoothing) {
    return fit(words.stream().map(Words::tokens).toList(), Words.VOCABULARY.size(), smoothing);
  }

  /** The bigram of the token pairs in {@code sequences} over {@code v} tokens, each count raised by {@code smoothing}. */
  static CharacterBigram fit(List<int[]> sequences, int v, double smoothing) {
    checkArgument(smoothing >= 0, "bigram: smoothing must be non-negative; got %s", smoothing);
    double[][] counts = new double[v][v];
    for (int[] tokens : sequences) {
      for (int t = 0; t + 1 < tokens.length; t++) {
        counts[tokens[t]][tokens[t + 1]]++;
      }
    }
    for (double[] row : counts) {
      double total = 0;
      for (int j = 0; j < v; j++) {
        row[j] += smoothing;
        total += row[j];
      }
      for (int j = 0; j < v; j++) {
        row[j] = total == 0 ? 1.0 / v : row[j] / total; // a character never seen first: uniform
      }
    }
    return new CharacterBigram(counts);
  }

  /** The probability that {@code next} follows {@code current} (both tokens). */
  double probability(int current, int next) {
    return probabilities[current][next];
  }

  /** The mean of {@code -log₂ p(next | current)} over every predicted character of {@code words}. */
  double bitsPerCharacter(List<String> words) {
    return bitsPerToken(words.stream().map(Words::tokens).toList());
  }

  /** The mean of {@code -log₂ p(next | current)} over every token of {@code sequences} but their first. */
  double bitsPerToken(List<int[]> sequences) {
    double bits = 0;
    long predicted = 0;
    for (int[] tokens : sequences) {
      for (int t = 0; t + 1 < tokens.length; t++) {
        bits -= Math.log(probabilities[tokens[t]][tokens[t + 1]]) / Math.log(2);
        predicted++;
      }
    }
    return bits / predicted;
  }
}
