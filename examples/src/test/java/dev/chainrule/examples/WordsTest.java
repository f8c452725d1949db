package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word generator's data preparation: reading, tokenising, padding, splitting, the bigram baseline and the loss. */
class WordsTest {
  private static final double LOG2 = Math.log(2);

  @TempDir Path dir;

  @Test
  void onlyLowercaseAsciiWordsAreRead() throws IOException {
    Path file = Files.writeString(dir.resolve("list"), "Apple\ncat's\ndog\n\nnaïve\nzebra\nA\n");
    assertEquals(List.of("dog", "zebra"), Words.read(file));
  }

  @Test
  void aWordIsItsLettersBetweenTwoBoundaries() {
    assertArrayEquals(new int[] {0, 3, 1, 20, 0}, Words.tokens("cat"));
    assertEquals(28, Words.PADDING + 1, "27 tokens and the padding row");
  }

  @Test
  void paddedWordsPredictEachNextCharacterAndNothingAfterTheirEnd() {
    Dataset data = Words.dataset(List.of("cat", "a"));
    int p = Words.PADDING;
    assertEquals(Shape.of(2, 4), data.features().shape());
    assertArrayEquals(new double[] {0, 3, 1, 20, 0, 1, p, p}, data.features().toDoubleArray());
    assertArrayEquals(new double[] {3, 1, 20, 0, 1, 0, -1, -1}, data.targets().toDoubleArray());
    assertEquals(6, Words.predictedCharacters(List.of("cat", "a")));
  }

  @Test
  void aSplitShufflesAndKeepsEveryWordOnce() {
    List<String> words = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    List<List<String>> split = Words.split(words, 0.8, new Random(1));
    assertEquals(8, split.get(0).size());
    assertEquals(2, split.get(1).size());
    assertEquals(words, split.stream().flatMap(List::stream).sorted().toList());
  }

  @Test
  void theUnsmoothedBigramOfAbAndBCostsTwoBitsOverFiveCharacters() {
    // . → a or b: 1 bit each; a → b, b → . (twice): certain
    CharacterBigram bigram = CharacterBigram.fit(List.of("ab", "b"), 0);
    assertEquals(0.5, bigram.probability(0, 1), 1e-12);
    assertEquals(1.0, bigram.probability(2, 0), 1e-12);
    assertEquals(0.4, bigram.bitsPerCharacter(List.of("ab", "b")), 1e-12);
  }

  @Test
  void laplaceSmoothingAddsOneToEachOfTheTwentySevenCounts() {
    CharacterBigram bigram = CharacterBigram.fit(List.of("ab", "b"), 1);
    double start = 2.0 / 29; // . → a (or b): count 1 + 1 over 2 + 27
    double ab = 2.0 / 28; // a → b: 1 + 1 over 1 + 27
    double end = 3.0 / 29; // b → .: 2 + 1 over 2 + 27
    assertEquals(start, bigram.probability(0, 1), 1e-12);
    assertEquals(1.0 / 27, bigram.probability(5, 7), 1e-12, "a character never seen is followed uniformly");
    double bits = -(2 * Math.log(start) + Math.log(ab) + 2 * Math.log(end)) / LOG2 / 5;
    assertEquals(bits, bigram.bitsPerCharacter(List.of("ab", "b")), 1e-12);
  }

  @Test
  void theLossSumsNatsOverTargetsAndSkipsPadding() {
    Dataset data = Words.dataset(List.of("cat", "a"));
    Tensor uniform = Tensor.of(NdArray.zeros(Shape.of(2, 4, 27), DType.FLOAT64));
    double loss = new NextCharacterLoss().apply(uniform, Tensor.of(data.targets())).item();
    assertEquals(6 * Math.log(27), loss, 1e-9, "six predicted characters at ln 27 nats each");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NextCharacterLoss().apply(uniform.slice(1, 0, 2), Tensor.of(data.targets())));
    assertTrue(e.getMessage().contains("word 0 has a target at step 2, past the 2 steps of the logits"), e.getMessage());
  }
}
