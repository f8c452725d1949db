package dev.chainrule.examples;

import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.data.TokenSampler;
import dev.chainrule.nn.data.TokenWindows;
import dev.chainrule.nn.data.Vocabulary;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import dev.chainrule.nn.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A decoder-only transformer that writes fortune cookies, character by character: Debian's
 * {@code fortunes} and {@code fortunes-min} (about 15,000 entries, 2.5 MB, each ended by a {@code %} line),
 * shuffled by entry and split at the tail into training and validation text, cut into windows of
 * 64 characters, and a {@link CharacterTransformer} trained on them with cross-entropy and
 * Adam, scored in bits per character on the validation text against a count-based bigram fitted to the
 * training text, and finally asked for a few new fortunes.
 *
 * <p>Training runs in rounds of {@link #ROUND_BATCHES} batches, each a slice of the shuffled training
 * windows, with the validation loss after each round and the learning rate falling on a cosine from round
 * to round. The data are fetched and cached on first run (see {@link FortuneCache}). Run with
 * {@code mvn -B -q -pl examples -am package -DskipTests exec:java -Dexample=dev.chainrule.examples.CharTransformer},
 * adding {@code -Drounds=5} to change the number of rounds (default 10).
 */
public final class CharTransformer {
  /** The full run's model and training sizes. */
  static final Sizes SIZES = new Sizes(64, 64, 2, 4, 32, 3e-3, 3e-4);
  static final int ROUND_BATCHES = 200;
  static final double VALIDATION_FRACTION = 0.1;
  private static final long SEED = 42;
  private static final double LN2 = Math.log(2);

  private CharTransformer() {}

  /**
   * How big the model is and how it is trained: windows of {@code context} characters, {@code depth} layers
   * {@code width} wide with {@code heads} heads, batches of {@code batch} windows, Adam with a learning
   * rate falling on a cosine from {@code learningRate} to {@code finalLearningRate}.
   */
  record Sizes(int context, int width, int depth, int heads, int batch, double learningRate, double finalLearningRate) {}

  /** The text as tokens: the vocabulary of all of it, and its training head and validation tail. */
  record Corpus(Vocabulary vocabulary, int[] train, int[] validation) {
    /** {@code entries} shuffled, joined as in a fortune file, and split {@code validationFraction} from the end. */
    static Corpus of(List<String> entries, double validationFraction, Random random) {
      List<String> shuffled = new ArrayList<>(entries);
      Collections.shuffle(shuffled, random);
      String text = Fortunes.corpus(shuffled);
      Vocabulary vocabulary = Vocabulary.of(text);
      int[] tokens = vocabulary.encode(text);
      int cut = (int) Math.round(tokens.length * (1 - validationFraction));
      return new Corpus(vocabulary, Arrays.copyOfRange(tokens, 0, cut), Arrays.copyOfRange(tokens, cut, tokens.length));
    }
  }

  /** A trained model with its per-round losses in bits per character and the bigram's on the same validation text. */
  record Run(CharacterTransformer model, List<Double> trainBits, List<Double> validationBits, double bigramBits, Duration elapsed) {
    double lastValidationBits() {
      return validationBits.get(validationBits.size() - 1);
    }
  }

  /** Fits the bigram and trains a fresh model for {@code rounds} rounds of {@code roundBatches} batches. */
  static Run train(Corpus corpus, Sizes sizes, int rounds, int roundBatches, TrainingListener listener, Consumer<String> roundLines) {
    int v = corpus.vocabulary().size();
    double bigram = CharacterBigram.fit(List.of(corpus.train()), v, 1).bitsPerToken(List.of(corpus.validation()));
    // non-overlapping windows: the validation loss then counts each validation character once
    Dataset train = TokenWindows.of(corpus.train(), sizes.context(), sizes.context());
    Dataset validation = TokenWindows.of(corpus.validation(), sizes.context(), sizes.context());
    CharacterTransformer model = CharacterTransformer.create(v, sizes.context(), sizes.width(), sizes.depth(), sizes.heads(), SEED);
    Optimizer adam = Optimizer.create(Adam.of(sizes.learningRate()), model.parameters());
    LearningRateSchedule schedule = LearningRateSchedule.cosine(sizes.learningRate(), sizes.finalLearningRate(), rounds);
    int batch = sizes.batch();
    List<Double> trainBits = new ArrayList<>();
    List<Double> validationBits = new ArrayList<>();
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      int from = round * roundBatches * batch % train.size();
      Dataset slice = train.range(from, Math.min(train.size(), from + roundBatches * batch));
      adam.setLearningRate(schedule.learningRate(round));
      EpochRecord record = Trainer.create(model, new NextCharacterLoss(), adam)
          .validateOn(validation)
          .withListener(listener)
          .stopWhen(StoppingCriterion.maxEpochs(1))
          .fit(DataLoader.shuffled(slice, batch, SEED + round))
          .last();
      // the loss sums nats over a window's characters, so the trainer's loss per window over the context is nats per character
      trainBits.add(record.trainLoss() / sizes.context() / LN2);
      validationBits.add(record.validationLoss() / sizes.context() / LN2);
      roundLines.accept(String.format("round %d: %.3f bits/char training, %.3f validation (bigram %.3f), %.0f s",
          round + 1, trainBits.get(round), validationBits.get(round), bigram, (System.nanoTime() - start) / 1e9));
    }
    return new Run(model, trainBits, validationBits, bigram, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Downloads the fortunes if needed, trains, prints each round, writes a chart to {@code output/} and samples a few fortunes. */
  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 10);
    Corpus corpus = Corpus.of(Fortunes.read(FortuneCache.standard().ensure()), VALIDATION_FRACTION, new Random(SEED));
    System.out.printf("%,d training and %,d validation characters, %d distinct; context %d, width %d, %d layers of %d heads,"
            + " Adam lr %s cosine to %s, batch %d, %d rounds of %d batches%n",
        corpus.train().length, corpus.validation().length, corpus.vocabulary().size(), SIZES.context(), SIZES.width(), SIZES.depth(),
        SIZES.heads(), SIZES.learningRate(), SIZES.finalLearningRate(), SIZES.batch(), rounds, ROUND_BATCHES);
    Run run = train(corpus, SIZES, rounds, ROUND_BATCHES, TrainingListener.progress(SIZES.batch()), System.out::println);
    report(run, corpus.vocabulary());
  }

  private static void report(Run run, Vocabulary vocabulary) {
    System.out.printf("validation: transformer %.3f bits/char, bigram baseline %.3f bits/char (%.0f%% lower), trained in %.1f min%n",
        run.lastValidationBits(), run.bigramBits(), 100 * (1 - run.lastValidationBits() / run.bigramBits()), run.elapsed().toSeconds() / 60.0);
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("training (transformer)", run.trainBits());
    series.put("validation (transformer)", run.validationBits());
    series.put("validation (bigram)", Collections.nCopies(run.validationBits().size(), run.bigramBits()));
    Path png = Charts.saveSeries(series, "fortunes: next-character loss", "round of " + ROUND_BATCHES + " batches", "bits per character",
        Path.of("output", "char-transformer.png"));
    System.out.println("chart of the losses: " + png);
    Random random = new Random(SEED);
    TokenSampler sampler = new TokenSampler(0.8, 0);
    for (int i = 0; i < 4; i++) {
      String text = vocabulary.decode(run.model().sample(vocabulary.encode("%\n"), 200, sampler, random));
      int end = text.indexOf(Fortunes.SEPARATOR);
      System.out.printf("--- sample %d (temperature 0.8)%n%s%n", i + 1, end < 0 ? text + "…" : text.substring(0, end));
    }
  }
}
