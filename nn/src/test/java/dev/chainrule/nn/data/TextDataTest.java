package dev.chainrule.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextDataTest {
  @Test
  void theVocabularyIsTheSortedDistinctCharacters() {
    Vocabulary vocabulary = Vocabulary.of("hello");
    assertEquals(4, vocabulary.size());
    assertArrayEquals(new int[] {1, 3, 2, 0}, vocabulary.encode("hole")); // e, h, l, o
    assertEquals("hole", vocabulary.decode(1, 3, 2, 0));
  }

  @Property(tries = 100)
  void decodingAnEncodedTextGivesItBack(@ForAll @StringLength(min = 1, max = 40) String text) {
    Vocabulary vocabulary = Vocabulary.of(text);
    assertEquals(text, vocabulary.decode(vocabulary.encode(text)));
  }

  @Test
  void aCharacterBeyondTheBasicPlaneIsOneToken() {
    String text = "a\uD83D\uDE00b"; // a, U+1F600, b
    Vocabulary vocabulary = Vocabulary.of(text);
    assertEquals(3, vocabulary.size());
    assertEquals(3, vocabulary.encode(text).length);
  }

  @Test
  void unknownCharactersAndTokensAreNamed() {
    Vocabulary vocabulary = Vocabulary.of("ab");
    assertEquals(
        "vocabulary: character c (U+0063) at position 1 is not in the vocabulary",
        assertThrows(IllegalArgumentException.class, () -> vocabulary.encode("ac")).getMessage());
    assertEquals(
        "vocabulary: token 2 is out of range [0, 2)",
        assertThrows(IllegalArgumentException.class, () -> vocabulary.decode(2)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(""));
  }

  @Test
  void windowsPairEachTokenWithTheNextOne() {
    Dataset windows = TokenWindows.of(new int[] {0, 1, 2, 3, 4, 5, 6}, 3, 2);
    // starts 0, 2: a window of 3 and its next token need 4 tokens; start 4 would need token 7
    assertEquals(2, windows.size());
    assertArrayEquals(new double[] {0, 1, 2, 2, 3, 4}, windows.features().toDoubleArray());
    assertArrayEquals(new double[] {1, 2, 3, 3, 4, 5}, windows.targets().toDoubleArray());
  }

  @Test
  void theValidationWindowsComeFromTheTailAndDoNotOverlapTraining() {
    int[] tokens = new int[100];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = i;
    }
    Dataset[] parts = TokenWindows.split(tokens, 5, 5, 0.2);
    double lastTrainTarget = parts[0].targets().getFlat(parts[0].targets().size() - 1);
    double firstValidation = parts[1].features().getFlat(0);
    assertTrue(lastTrainTarget < 80 && firstValidation == 80, lastTrainTarget + " / " + firstValidation);
    assertEquals(15, parts[0].size()); // 80 tokens: starts 0, 5, ..., 70
    assertEquals(3, parts[1].size()); // 20 tokens: starts 80, 85, 90
  }

  @Test
  void tooShortASequenceIsRefused() {
    assertEquals(
        "tokenWindows: 3 tokens are too few for one window of 3 and its next token",
        assertThrows(IllegalArgumentException.class, () -> TokenWindows.of(new int[] {0, 1, 2}, 3, 1)).getMessage());
  }

  @Test
  void greedyAndTopOneTakeTheLargestLogit() {
    Tensor logits = Tensor.of(0.5, 3, -1, 2.9);
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      assertEquals(1, TokenSampler.greedy().sample(logits, random));
      assertEquals(1, new TokenSampler(2.0, 1).sample(logits, random));
    }
  }

  @Test
  void drawsFollowTheSoftmaxOfTheTemperedLogits() {
    double[] z = {1, 0, -1, 2};
    double temperature = 0.7;
    int draws = 40_000;
    int[] counts = new int[z.length];
    Random random = new Random(6);
    TokenSampler sampler = new TokenSampler(temperature, 0);
    for (int i = 0; i < draws; i++) {
      counts[sampler.sample(Tensor.of(z), random)]++;
    }
    double total = 0;
    for (double v : z) {
      total += Math.exp(v / temperature);
    }
    for (int k = 0; k < z.length; k++) {
      double p = Math.exp(z[k] / temperature) / total;
      double sigma = Math.sqrt(draws * p * (1 - p));
      assertEquals(draws * p, counts[k], 5 * sigma, "token " + k);
    }
  }

  @Test
  void topKNeverDrawsBelowTheKthLogit() {
    Random random = new Random(7);
    TokenSampler sampler = new TokenSampler(5.0, 2);
    for (int i = 0; i < 2000; i++) {
      int token = sampler.sample(Tensor.of(1, 0, -1, 2), random);
      assertTrue(token == 0 || token == 3, "drew " + token);
    }
  }

  @Test
  void badSettingsAndNanLogitsAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> new TokenSampler(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TokenSampler(1, -2));
    assertEquals(
        "tokenSampler: logit 1 is NaN",
        assertThrows(IllegalArgumentException.class,
            () -> TokenSampler.softmax().sample(Tensor.of(0, Double.NaN), new Random(8))).getMessage());
  }
}
