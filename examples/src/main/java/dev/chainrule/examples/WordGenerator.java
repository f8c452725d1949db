package dev.chainrule.examples;

import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.TokenSampler;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import dev.chainrule.nn.train.TrainingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A makemore-style character model of English words: Debian's {@code wamerican} list (63,875 lowercase
 * words), each read as {@code .word.}, an embedding → LSTM → linear next-character model trained with
 * cross-entropy and Adam, scored in bits per character on held-out words against a count-based bigram
 * fitted to the same training words, and finally asked for ten new words.
 *
 * <p>The list is fetched and cached on first run (see {@link WordListCache}). Run with
 * {@code mvn -B -q -pl examples -am package -DskipTests exec:java -Dexample=dev.chainrule.examples.WordGenerator},
 * adding {@code -Depochs=8} to change the number of epochs (default 5).
 */
public final class WordGenerator {
  static final int EMBEDDING = 24;
  static final int HIDDEN = 64;
  static final int BATCH = 128;
  static final double LEARNING_RATE = 1e-2;
  static final double FINAL_LEARNING_RATE = 1e-3;
  static final double VALIDATION_FRACTION = 0.1;
  private static final long SEED = 42;
  private static final double LN2 = Math.log(2);

  private WordGenerator() {}

  /**
   * A trained model with its per-epoch losses in bits per character and the bigram's on the same
   * validation words.
   */
  record Run(CharacterLstm model, History history, List<Double> trainBits, List<Double> validationBits, double bigramBits) {
    double lastValidationBits() {
      return validationBits.get(validationBits.size() - 1);
    }
  }

  /** Fits the bigram and trains a fresh model on {@code train} for {@code epochs}, validating on {@code validation}. */
  static Run train(
      List<String> train, List<String> validation, int epochs, int hidden, TrainingListener listener, Consumer<String> epochLines) {
    double bigram = CharacterBigram.fit(train, 1).bitsPerCharacter(validation);
    // the loss sums nats over characters, so the trainer's loss per word over characters per word is nats per character
    double trainCharacters = (double) Words.predictedCharacters(train) / train.size();
    double validationCharacters = (double) Words.predictedCharacters(validation) / validation.size();
    List<Double> trainBits = new ArrayList<>();
    List<Double> validationBits = new ArrayList<>();
    TrainingListener inBits = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
        listener.onBatchEnd(epoch, batch, batchCount, loss, elapsed);
      }

      @Override
      public void onEpochEnd(EpochRecord record) {
        trainBits.add(record.trainLoss() / trainCharacters / LN2);
        validationBits.add(record.validationLoss() / validationCharacters / LN2);
        listener.onEpochEnd(record);
        epochLines.accept(String.format("epoch %d: %.3f bits/char training, %.3f validation (bigram %.3f)",
            record.epoch(), trainBits.get(trainBits.size() - 1), validationBits.get(validationBits.size() - 1), bigram));
      }
    };
    CharacterLstm model = CharacterLstm.create(EMBEDDING, hidden, SEED);
    Optimizer adam = Optimizer.create(Adam.of(LEARNING_RATE), model.parameters());
    History history = Trainer.create(model, new NextCharacterLoss(), adam)
        .validateOn(Words.dataset(validation))
        .withSchedule(LearningRateSchedule.cosine(LEARNING_RATE, FINAL_LEARNING_RATE, epochs))
        .withListener(inBits)
        .stopWhen(StoppingCriterion.maxEpochs(epochs))
        .fit(DataLoader.shuffled(Words.dataset(train), BATCH, SEED));
    return new Run(model, history, trainBits, validationBits, bigram);
  }

  /** Downloads the list if needed, trains, prints each epoch, writes a chart to {@code output/} and samples ten words. */
  public static void main(String[] args) {
    int epochs = Integer.getInteger("epochs", 5);
    List<List<String>> split = Words.split(Words.read(WordListCache.standard().ensure()), 1 - VALIDATION_FRACTION, new Random(SEED));
    List<String> train = split.get(0);
    List<String> validation = split.get(1);
    System.out.printf("%,d training and %,d validation words; embedding %s, LSTM %s, Adam lr %s cosine to %s, batch %s, %s epochs%n",
        train.size(), validation.size(), EMBEDDING, HIDDEN, LEARNING_RATE, FINAL_LEARNING_RATE, BATCH, epochs);
    System.out.println("each epoch shows the training and validation loss in nats per word, then in bits per character beside the bigram's");
    Run run = train(train, validation, epochs, HIDDEN, TrainingListener.progress(BATCH), System.out::println);
    report(run);
  }

  private static void report(Run run) {
    double seconds = run.history().last().elapsed().toMillis() / 1000.0;
    System.out.printf("validation: LSTM %.3f bits/char, bigram baseline %.3f bits/char (%.1f s per epoch)%n",
        run.lastValidationBits(), run.bigramBits(), seconds / run.history().epochCount());
    Map<String, List<Double>> series = new LinkedHashMap<>();
    series.put("training (LSTM)", run.trainBits());
    series.put("validation (LSTM)", run.validationBits());
    series.put("validation (bigram)", Collections.nCopies(run.validationBits().size(), run.bigramBits()));
    Path png = Charts.saveSeries(series, "wamerican words: next-character loss", "epoch", "bits per character",
        Path.of("output", "word-generator.png"));
    System.out.println("chart of the losses: " + png);
    Random random = new Random(SEED);
    List<String> samples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      samples.add(run.model().sample(TokenSampler.softmax(), 30, random));
    }
    System.out.println("ten new words: " + String.join(", ", samples));
  }
}
