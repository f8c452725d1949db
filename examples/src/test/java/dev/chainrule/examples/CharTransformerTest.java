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
 * The fortune transformer on the real fortunes, small and short. It needs the data: from the cache, or
 * downloaded with apt-get. Only missing apt-get or dpkg (with no cached file) outside CI skips it.
 */
class CharTransformerTest {

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aSmallTransformerTrainedBrieflyBeatsTheBigramOnValidationText() {
    List<String> entries = FortuneAvailability.load();
    CharTransformer.Corpus corpus = CharTransformer.Corpus.of(entries.subList(0, 3_000), 0.1, new Random(7));
    CharTransformer.Sizes small = new CharTransformer.Sizes(32, 32, 1, 2, 16, 1e-2, 3e-3);

    CharTransformer.Run run = CharTransformer.train(corpus, small, 4, 75, TrainingListener.silent(), line -> {});

    assertTrue(run.lastValidationBits() < run.bigramBits(),
        () -> String.format("validation bits/char: transformer %.3f, bigram %.3f", run.lastValidationBits(), run.bigramBits()));
    int[] sample = run.model().sample(corpus.vocabulary().encode("%\n"), 40, new TokenSampler(0.8, 0), new Random(1));
    assertTrue(corpus.vocabulary().decode(sample).length() == 40);
  }
}
