package dev.chainrule.examples;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Residual;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Augment;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Transform;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.AdaptiveAvgPool2d;
import dev.chainrule.nn.layer.BatchNorm2d;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.layer.ConvOptions;
import dev.chainrule.nn.layer.Flatten;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import dev.chainrule.nn.train.TrainingListener;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * A small residual network (He et al. 2016) on Fashion-MNIST's clothing images: a 3x3 convolution stem
 * with batch normalization, two basic blocks that each halve the image and double the channels (3x3
 * convolutions with batch normalization, a 1x1 strided convolution as the shortcut), a third block on the
 * 7x7 image around the identity, global average pooling and a linear layer to the ten classes. Trained by
 * Adam with a cosine learning-rate schedule on all 60,000 training images in batches of 64, and scored on
 * the 10,000 test images after every epoch. Run with
 * {@code mvn -B -q -pl examples -am package -DskipTests exec:java -Dexample=dev.chainrule.examples.FashionResNet},
 * adding {@code -Depochs=N} (default 7), {@code -Dwidth=C} (the stem's channels, default 16; the blocks
 * have 2C, 4C and 4C) or {@code -Daugment=flip|crop+flip} (random horizontal flips, and random crops of the
 * image padded by 2; default none).
 */
public final class FashionResNet {
  static final int BATCH = 64;
  static final int EPOCHS = 7;
  static final int WIDTH = 16;
  static final String AUGMENT = "none";
  static final long SEED = 42;
  private static final DType F32 = DType.FLOAT32;

  private FashionResNet() {}

  /** The network, its weights drawn from a generator seeded with {@code seed}. */
  static Sequential network(long seed) {
    Random random = new Random(seed);
    int c = Integer.getInteger("width", WIDTH);
    return Sequential.of(
        Conv2d.create(ConvOptions.of(1, c, 3).withPadding(1).withBias(false).withDType(F32), random),
        BatchNorm2d.create(c, F32), Activation.relu(),
        block(c, 2 * c, random),                                      // 28x28 → 14x14
        block(2 * c, 4 * c, random),                                  // → 7x7
        keep(4 * c, random),                                          // 7x7
        AdaptiveAvgPool2d.global(), new Flatten(),
        Linear.create(4 * c, 10, F32, Init.xavierUniform(), random));
  }

  /** A basic block that keeps the image and the channels, around the identity. */
  static Module keep(int channels, Random random) {
    return Sequential.of(Residual.of(body(channels, channels, 1, random)), Activation.relu());
  }

  /** A basic block that halves the image, with a 1x1 strided convolution as the shortcut. */
  static Module block(int in, int out, Random random) {
    Module body = body(in, out, 2, random);
    Module shortcut = Sequential.of(
        Conv2d.create(ConvOptions.of(in, out, 1).withStride(2).withBias(false).withDType(F32), random),
        BatchNorm2d.create(out, F32));
    return Sequential.of(Residual.of(body, shortcut), Activation.relu());
  }

  /** Two 3x3 convolutions with batch normalization, the first with {@code stride}. */
  private static Module body(int in, int out, int stride, Random random) {
    ConvOptions first = ConvOptions.of(in, out, 3).withStride(stride).withPadding(1).withBias(false).withDType(F32);
    ConvOptions second = ConvOptions.of(out, out, 3).withPadding(1).withBias(false).withDType(F32);
    return Sequential.of(
        Conv2d.create(first, random), BatchNorm2d.create(out, F32), Activation.relu(),
        Conv2d.create(second, random), BatchNorm2d.create(out, F32));
  }

  /**
   * The augmentation named {@code name}: {@code none}, {@code flip} (horizontal flips) or {@code crop+flip}
   * (random crops of the image padded by 2, then flips); empty for none.
   */
  static Optional<Transform> augmentation(String name) {
    switch (name) {
      case "none": return Optional.empty();
      case "flip": return Optional.of(Augment.horizontalFlip());
      case "crop+flip": return Optional.of(Augment.randomCrop(2).andThen(Augment.horizontalFlip()));
      default: throw new IllegalArgumentException("augment: expected none, flip or crop+flip; got " + name);
    }
  }

  /**
   * Trains a fresh network on {@code data} for {@code epochs}, its training images transformed by
   * {@code augmentation} if present, scoring the test set after every epoch.
   */
  static History train(FashionMnistData data, int epochs, Optional<Transform> augmentation, TrainingListener listener) {
    Sequential model = network(SEED);
    Optimizer adam = Optimizer.create(Adam.of(2e-3), model.parameters());
    DataLoader shuffled = DataLoader.shuffled(data.train(), BATCH, SEED).droppingLast();
    DataLoader batches = augmentation.map(t -> shuffled.withTransform(t, SEED)).orElse(shuffled);
    return Trainer.create(model, CrossEntropy.mean(), adam)
        .validateOn(data.test())
        .withMetrics(Metric.accuracy())
        .withSchedule(LearningRateSchedule.cosine(2e-3, 1e-5, epochs))
        .withListener(listener)
        .stopWhen(StoppingCriterion.maxEpochs(epochs))
        .fit(batches);
  }

  /** Trains as the class comment says, printing progress, and writes a chart to {@code output/}. */
  public static void main(String[] args) {
    int epochs = Integer.getInteger("epochs", EPOCHS);
    String augment = System.getProperty("augment", AUGMENT);
    int c = Integer.getInteger("width", WIDTH);
    System.out.printf("ResNet conv %d - block %d - block %d - block %d - pool - linear (%,d parameters), Adam 2e-3 cosine,"
        + " batch %s, %s epochs, augmentation %s%n",
        c, 2 * c, 4 * c, 4 * c, network(SEED).parameterCount(), BATCH, epochs, augment);
    History history = train(FashionMnistData.load(), epochs, augmentation(augment), TrainingListener.progress(BATCH));
    MnistReport.print(history, Path.of("output", "fashion-resnet.png"), "Fashion-MNIST small ResNet (validation = test set)");
  }
}
