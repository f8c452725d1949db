package dev.chainrule.examples;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import dev.chainrule.nn.train.TrainingListener;
import java.nio.file.Path;
import java.util.Random;

/**
 * The flagship: handwritten digits with the 784-16-16-10 network of the article "Backpropagation:
 * the heart of neural network learning", sigmoid hidden units, trained by mini-batch SGD (batch 32) on
 * all 60,000 MNIST training images and scored on the 10,000 test images after every epoch.
 *
 * <p>The ten outputs are class scores and the loss is cross-entropy of their softmax (the document's
 * quadratic cost on sigmoid outputs learns the same digits, more slowly). The learning rate starts at 0.5
 * and follows a cosine down to 0.01 over the run (Loshchilov &amp; Hutter 2017), which settles the last
 * epochs. Everything is float32. The data is downloaded and cached on first run (see {@link MnistCache}).
 * Run with {@code mvn -B -q -pl examples -am package -DskipTests exec:java}, adding {@code -Depochs=5}
 * to change the number of epochs (default 20).
 */
public final class MnistMlp {
  static final int BATCH = 32;
  static final double LEARNING_RATE = 0.5;
  static final double FINAL_LEARNING_RATE = 0.01;
  private static final long SEED = 42;

  private MnistMlp() {}

  /** The 784-16-16-10 network, float32, Xavier-initialised from {@code seed}. */
  static Sequential network(long seed) {
    Random random = new Random(seed);
    return Sequential.of(
        Linear.create(784, 16, DType.FLOAT32, Init.xavierUniform(), random), Activation.sigmoid(),
        Linear.create(16, 16, DType.FLOAT32, Init.xavierUniform(), random), Activation.sigmoid(),
        Linear.create(16, 10, DType.FLOAT32, Init.xavierUniform(), random));
  }

  /** Trains a fresh network for {@code epochs}; each epoch's {@code "accuracy"} is on the test set. */
  static History train(MnistData data, int epochs, TrainingListener listener) {
    Sequential model = network(SEED);
    Optimizer sgd = Optimizer.create(Sgd.of(LEARNING_RATE), model.parameters());
    return Trainer.create(model, CrossEntropy.mean(), sgd)
        .validateOn(data.test())
        .withMetrics(Metric.accuracy())
        .withSchedule(LearningRateSchedule.cosine(LEARNING_RATE, FINAL_LEARNING_RATE, epochs))
        .withListener(listener)
        .stopWhen(StoppingCriterion.maxEpochs(epochs))
        .fit(DataLoader.shuffled(data.train(), BATCH, SEED));
  }

  /** Downloads the data if needed, trains, prints each epoch and writes a chart to {@code output/}. */
  public static void main(String[] args) {
    int epochs = Integer.getInteger("epochs", 20);
    MnistData data = MnistData.load();
    System.out.printf("784-16-16-10 sigmoid MLP, SGD lr %s cosine to %s, batch %s, %s epochs on %,d images%n",
        LEARNING_RATE, FINAL_LEARNING_RATE, BATCH, epochs, data.train().size());
    System.out.printf("each epoch shows the training loss, then the loss (val) and accuracy on the %,d test images%n",
        data.test().size());
    History history = train(data, epochs, TrainingListener.progress(BATCH));
    MnistReport.print(history, Path.of("output", "mnist-mlp.png"), "MNIST 784-16-16-10 MLP (validation = test set)");
  }
}
