package dev.chainrule.examples;

import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import dev.chainrule.nn.train.TrainingListener;

/** The training run the stronger MNIST examples share: cross-entropy, Adam at 1e-3, test accuracy per epoch. */
final class MnistTraining {
  private MnistTraining() {}

  /** Trains {@code model} on shuffled batches (order seeded with {@code seed}), scoring the test set after every epoch. */
  static History withAdam(Module model, MnistData data, int epochs, int batch, long seed, TrainingListener listener) {
    Optimizer adam = Optimizer.create(Adam.of(1e-3), model.parameters());
    return Trainer.create(model, CrossEntropy.mean(), adam)
        .validateOn(data.test())
        .withMetrics(Metric.accuracy())
        .withListener(listener)
        .stopWhen(StoppingCriterion.maxEpochs(epochs))
        .fit(DataLoader.shuffled(data.train(), batch, seed));
  }
}
