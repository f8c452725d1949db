package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.nn.data.TokenSampler;
import dev.chainrule.nn.train.TrainingListener;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The word generator on the real list. It needs the data: from the cache, or downloaded with apt-get.
 * Only missing apt-get or dpkg (with no cached list) outside CI skips it; any other failure fails it.
 */
class WordGeneratorTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void anLstmTrainedOnTenThousandWordsBeatsTheBigramOnHeldOutWords() {
    List<String> words = WordListAvailability.load();
    List<List<String>> split = Words.split(words, 0.5, new Random(7));
    List<String> train = split.get(0).subList(0, 10_000);
    List<String> validation = split.get(1).subList(0, 2_000);

    WordGenerator.Run run = WordGenerator.train(train, validation, 3, 32, TrainingListener.silent(), line -> {});

    assertTrue(run.lastValidationBits() < run.bigramBits() - 0.2,
        () -> String.format("validation bits/char: LSTM %.3f, bigram %.3f", run.lastValidationBits(), run.bigramBits()));
    String word = run.model().sample(TokenSampler.softmax(), 30, new Random(1));
    assertTrue(word.matches("[a-z]{0,30}"), word);
  }
}
