package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.layer.Flatten;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.MaxPool2d;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.Random;

/**
 * The peer suite's CNN: a fixed batch {@code x [64, 1, 28, 28]} ~ U(0, 1) through conv 1 → 16 (3×3, padding 1)
 * → ReLU → 2×2 max-pool, conv 16 → 32 (3×3, padding 1) → ReLU → 2×2 max-pool, flattened to {@code [64, 1568]}
 * and a Linear 1568 → 10; He-normal weights, zero biases (20,490 parameters), cross-entropy against fixed
 * labels, plain SGD with learning rate 0.01. Mutable: each {@link #step()} trains the network once.
 */
final class CnnWorkload {
  private final Sequential network;
  private final Tensor inputs;
  private final Tensor labels;
  private final Optimizer sgd;
  private final CrossEntropy crossEntropy = CrossEntropy.mean();

  /** The network and its batch, at the peer suite's sizes, drawn from {@code seed}. */
  CnnWorkload(long seed) {
    Random random = new Random(seed);
    DType f32 = DType.FLOAT32;
    network = Sequential.of(
        Conv2d.create(1, 16, 3, 1, 1, f32, Init.heNormal(), random),
        Activation.relu(),
        MaxPool2d.of(2),
        Conv2d.create(16, 32, 3, 1, 1, f32, Init.heNormal(), random),
        Activation.relu(),
        MaxPool2d.of(2),
        new Flatten(),
        Linear.create(32 * 7 * 7, 10, f32, Init.heNormal(), random));
    inputs = Tensor.of(NdArray.uniform(Shape.of(64, 1, 28, 28), f32, 0, 1, random));
    labels = Tensor.of(Labels.uniform(64, 10, random));
    sgd = Optimizer.create(Sgd.of(0.01), network.parameters());
  }

  /** The convolutional network. */
  Module network() {
    return network;
  }

  /** One training step: forward, backward and the SGD update; returns the loss before the update. */
  Tensor step() {
    Tensor loss = crossEntropy.apply(network.forward(inputs), labels);
    loss.backward();
    sgd.step();
    return loss;
  }
}
