package dev.chainrule.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.data.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Words as character tokens for a next-character model, makemore style: {@code "cat"} is read as
 * {@code .cat.}, where the boundary {@code .} (token 0) both starts and ends a word, and the letters
 * {@code a…z} are tokens 1 to 26. {@code tokens("cat")} → {@code [0, 3, 1, 20, 0]}.
 *
 * <p>A batch of words is padded to one length: feature {@code t} of a word is its token {@code t} and
 * target {@code t} the token after it, so {@code "cat"} gives features {@code [0, 3, 1, 20]} and targets
 * {@code [3, 1, 20, 0]}. Padding features are {@link #PADDING} (an extra embedding row) and padding
 * targets are {@link #NO_TARGET}, which {@link NextCharacterLoss} leaves out.
 */
final class Words {
  /** The boundary and the 26 letters. */
  static final Vocabulary VOCABULARY = Vocabulary.of(".abcdefghijklmnopqrstuvwxyz");
  /** The token of the boundary {@code .}, before and after every word. */
  static final int BOUNDARY = 0;
  /** The feature at padded steps: one more than the vocabulary's tokens. */
  static final int PADDING = VOCABULARY.size();
  /** The target at padded steps. */
  static final int NO_TARGET = -1;

  private static final Pattern LOWERCASE = Pattern.compile("[a-z]+");

  private Words() {}

  /** The lines of {@code file} that are lowercase words ({@code [a-z]+}), in file order. */
  static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(w -> LOWERCASE.matcher(w).matches()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("words: cannot read " + file, e);
    }
  }

  /** The tokens of {@code .word.}. */
  static int[] tokens(String word) {
    return VOCABULARY.encode("." + word + ".");
  }

  /** The characters a model predicts for {@code words}: each letter and the closing boundary. */
  static long predictedCharacters(List<String> words) {
    return words.stream().mapToLong(w -> w.length() + 1).sum();
  }

  /** Features and targets {@code [N, L]} for {@code words}, with {@code L} the longest word plus its boundary. */
  static Dataset dataset(List<String> words) {
    checkArgument(!words.isEmpty(), "words: no words to tokenise");
    int length = words.stream().mapToInt(String::length).max().orElseThrow() + 1;
    double[] features = new double[words.size() * length];
    double[] targets = new double[words.size() * length];
    for (int w = 0; w < words.size(); w++) {
      int[] tokens = tokens(words.get(w));
      for (int t = 0; t < length; t++) {
        boolean inWord = t + 1 < tokens.length;
        features[w * length + t] = inWord ? tokens[t] : PADDING;
        targets[w * length + t] = inWord ? tokens[t + 1] : NO_TARGET;
      }
    }
    Shape shape = Shape.of(words.size(), length);
    return new Dataset(NdArray.of(shape, features), NdArray.of(shape, targets));
  }

  /** A shuffled split of {@code words}: the first list has {@code round(fraction · N)} of them, the second the rest. */
  static List<List<String>> split(List<String> words, double fraction, Random random) {
    checkArgument(fraction > 0 && fraction < 1, "words: split fraction must be in (0, 1); got %s", fraction);
    List<String> shuffled = new ArrayList<>(words);
    Collections.shuffle(shuffled, random);
    int cut = (int) Math.round(fraction * shuffled.size());
    return List.of(List.copyOf(shuffled.subList(0, cut)), List.copyOf(shuffled.subList(cut, shuffled.size())));
  }
}
