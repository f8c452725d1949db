package dev.chainrule.examples;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.layer.Flatten;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.MaxPool2d;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.TrainingListener;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small convolutional network on the MNIST digits: two 3×3 convolutions with ReLU and 2×2 max pooling
 * ({@code [N, 1, 28, 28]} → 8 channels of 14×14 → 16 channels of 7×7), then a linear layer to the ten
 * classes, trained by Adam on all 60,000 training images and scored on the 10,000 test images after every
 * epoch. Convolutions run as im2col plus a matmul in plain Java, so an epoch takes much longer than the
 * MLPs'. Run with
 * {@code mvn -B -q -pl examples -am package -DskipTests exec:java -Dexample=dev.chainrule.examples.MnistCnn},
 * adding {@code -Depochs=N} to change the number of epochs.
 */
public final class MnistCnn {
  private static final int BATCH = 64;
  private static final long SEED = 42;

  private MnistCnn() {}

  /** The network, its weights drawn from a generator seeded with {@code seed}. */
  static Sequential network(long seed) {
    Random random = new Random(seed);
    return Sequential.of(
        Conv2d.create(1, 8, 3, 1, 1, DType.FLOAT32, Init.heUniform(), random), Activation.relu(), MaxPool2d.of(2),
        Conv2d.create(8, 16, 3, 1, 1, DType.FLOAT32, Init.heUniform(), random), Activation.relu(), MaxPool2d.of(2),
        new Flatten(),
        Linear.create(16 * 7 * 7, 10, DType.FLOAT32, Init.xavierUniform(), random));
  }

  /** Trains a fresh network on {@code data} for {@code epochs}, scoring the test set after every epoch. */
  static History train(MnistData data, int epochs, TrainingListener listener) {
    return MnistTraining.withAdam(network(SEED), data, epochs, BATCH, SEED, listener);
  }

  /** Trains the network for {@code -Depochs} epochs (default 3), printing progress, and writes a chart to {@code output/}. */
  public static void main(String[] args) {
    int epochs = Integer.getInteger("epochs", 3);
    Sequential model = network(SEED);
    System.out.printf("CNN conv 8 - pool - conv 16 - pool - linear (%,d parameters), Adam lr 1e-3, batch %s, %s epochs%n",
        model.parameterCount(), BATCH, epochs);
    History history = train(MnistData.load().asImages(), epochs, TrainingListener.progress(BATCH));
    MnistReport.print(history, Path.of("output", "mnist-cnn.png"), "MNIST small CNN, Adam (validation = test set)");
  }
}
