package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * The characters of a text as tokens {@code 0 … size−1}, in code-point order: what a character-level
 * language model reads and writes. {@code Vocabulary.of("hello").encode("hole")} → {@code [1, 3, 2, 0]}.
 *
 * <p>Characters are Unicode code points, so a character outside the Basic Multilingual Plane is one token.
 */
public final class Vocabulary {
  private final int[] codePoints;

  private Vocabulary(int[] codePoints) {
    this.codePoints = codePoints;
  }

  /**
   * The distinct characters of {@code text}, sorted.
   *
   * @param text the text to take the characters from
   * @return the vocabulary
   */
  public static Vocabulary of(String text) {
    checkNotNull(text, "vocabulary: text is null");
    int[] distinct = text.codePoints().distinct().sorted().toArray();
    checkArgument(distinct.length > 0, "vocabulary: the text is empty");
    return new Vocabulary(distinct);
  }

  /**
   * The number of tokens.
   *
   * @return the number of tokens
   */
  public int size() {
    return codePoints.length;
  }

  /**
   * The token of each character of {@code text}; every character must be in the vocabulary.
   *
   * @param text the text to encode
   * @return one token per character, in {@code [0, size())}
   */
  public int[] encode(String text) {
    int[] points = text.codePoints().toArray();
    int[] tokens = new int[points.length];
    for (int i = 0; i < points.length; i++) {
      int token = Arrays.binarySearch(codePoints, points[i]);
      if (token < 0) {
        throw new IllegalArgumentException(String.format(
            "vocabulary: character %s (U+%04X) at position %s is not in the vocabulary",
            new String(Character.toChars(points[i])), points[i], i));
      }
      tokens[i] = token;
    }
    return tokens;
  }

  /**
   * The text of {@code tokens}.
   *
   * @param tokens tokens, each in {@code [0, size())}
   * @return the text, one character per token
   */
  public String decode(int... tokens) {
    StringBuilder out = new StringBuilder(tokens.length);
    for (int token : tokens) {
      checkArgument(0 <= token && token < codePoints.length, "vocabulary: token %s is out of range [0, %s)", token, size());
      out.appendCodePoint(codePoints[token]);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "Vocabulary(" + size() + " characters)";
  }
}
