package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.Random;

/**
 * The peer suite's MLP: 784-128(ReLU)-64(ReLU)-10 in float32, one fixed batch of 64 uniform inputs with
 * one-hot targets (64 rows unless told otherwise), MSE (mean over 64×10), plain SGD with learning rate 0.01. Mutable: each
 * {@link #step()} trains the network once.
 */
final class MlpWorkload {
  /** The peer suite's batch size. */
  static final int BATCH = 64;

  private final Sequential network;
  private final Tensor inputs;
  private final Tensor targets;
  private final Optimizer sgd;
  private final MeanSquaredError mse = MeanSquaredError.mean();

  MlpWorkload(long seed) {
    this(seed, BATCH);
  }

  /** The same network on a batch of {@code batch} rows. */
  MlpWorkload(long seed, int batch) {
    Random random = new Random(seed);
    network = Sequential.of(
        Linear.create(784, 128, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(128, 64, DType.FLOAT32, Init.heNormal(), random), Activation.relu(),
        Linear.create(64, 10, DType.FLOAT32, Init.heNormal(), random));
    inputs = Tensor.of(NdArray.uniform(Shape.of(batch, 784), DType.FLOAT32, 0, 1, random));
    double[] oneHot = new double[batch * 10];
    for (int row = 0; row < batch; row++) {
      oneHot[row * 10 + random.nextInt(10)] = 1;
    }
    targets = Tensor.of(NdArray.of(Shape.of(batch, 10), oneHot).to(DType.FLOAT32));
    sgd = Optimizer.create(Sgd.of(0.01), network.parameters());
  }

  /** The loss of the current network on the batch, with the graph recorded for backward. */
  Tensor loss() {
    return mse.apply(network.forward(inputs), targets);
  }

  /** One training step: forward, backward and the SGD update; returns the loss before the update. */
  Tensor step() {
    Tensor loss = loss();
    loss.backward();
    sgd.step();
    return loss;
  }

  /** Drops every parameter's gradient. */
  void zeroGrad() {
    sgd.zeroGrad();
  }
}
