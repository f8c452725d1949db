package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Arrays;

/**
 * Next-token training windows cut from a token sequence: features {@code [N, length]} are windows of the
 * sequence, targets {@code [N, length]} the same windows shifted one token on, so position {@code t} of a
 * target is the token that follows position {@code t} of its feature. Tokens are stored as whole numbers
 * in float64 (what {@code Embedding} and {@code CrossEntropy} read).
 */
public final class TokenWindows {
  private TokenWindows() {}

  /**
   * Windows of {@code length} tokens starting every {@code stride} tokens, as far as a whole window and its next token fit.
   *
   * @param tokens the token sequence, longer than {@code length}
   * @param length the tokens per window, positive
   * @param stride the distance between window starts, positive
   * @return one example per window, features and targets {@code [N, length]}
   */
  public static Dataset of(int[] tokens, int length, int stride) {
    checkArgument(length > 0 && stride > 0, "tokenWindows: length and stride must be positive; got %s and %s", length, stride);
    checkArgument(
        tokens.length > length,
        "tokenWindows: %s tokens are too few for one window of %s and its next token", tokens.length, length);
    int count = (tokens.length - length - 1) / stride + 1;
    double[] features = new double[count * length];
    double[] targets = new double[count * length];
    for (int w = 0; w < count; w++) {
      for (int t = 0; t < length; t++) {
        features[w * length + t] = tokens[w * stride + t];
        targets[w * length + t] = tokens[w * stride + t + 1];
      }
    }
    Shape shape = Shape.of(count, length);
    return new Dataset(NdArray.of(shape, features), NdArray.of(shape, targets));
  }

  /**
   * A training and a validation set from one sequence: the first {@code 1 − validationFraction} of the
   * tokens give the training windows and the rest the validation windows, so no window of one overlaps
   * the other (a shuffled split would leak text between them).
   *
   * @param tokens the token sequence
   * @param length the tokens per window, positive
   * @param stride the distance between window starts, positive
   * @param validationFraction the share of the tokens for validation, in {@code (0, 1)}
   * @return the training and the validation set, in that order
   */
  public static Dataset[] split(int[] tokens, int length, int stride, double validationFraction) {
    checkArgument(
        validationFraction > 0 && validationFraction < 1,
        "tokenWindows: validation fraction must be in (0, 1); got %s", validationFraction);
    int cut = (int) Math.round(tokens.length * (1 - validationFraction));
    return new Dataset[] {
      of(Arrays.copyOfRange(tokens, 0, cut), length, stride),
      of(Arrays.copyOfRange(tokens, cut, tokens.length), length, stride),
    };
  }
}
