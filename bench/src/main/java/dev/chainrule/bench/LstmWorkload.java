package dev.chainrule.bench;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.Lstm;
import dev.chainrule.nn.layer.RecurrentOptions;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.Map;
import java.util.Random;

/**
 * The peer suite's LSTM: one batch-first layer 64 → 128 over a fixed batch {@code x [32, 32, 64]} ~ N(0, 1)
 * from zero states, its final hidden state {@code h_32 [32, 128]} into a He-initialised Linear 128 → 10,
 * cross-entropy against fixed labels, plain SGD with learning rate 0.01; 100,618 parameters. Mutable: each
 * {@link #step()} trains the network once.
 */
final class LstmWorkload {
  private final Network network;
  private final Tensor inputs;
  private final Tensor labels;
  private final Optimizer sgd;
  private final CrossEntropy crossEntropy = CrossEntropy.mean();

  /** The network and its batch, at the peer suite's sizes, drawn from {@code seed}. */
  LstmWorkload(long seed) {
    Random random = new Random(seed);
    RecurrentOptions options = RecurrentOptions.of(64, 128).withBatchFirst(true).withDType(DType.FLOAT32);
    network = new Network(Lstm.create(options, random), Linear.create(128, 10, DType.FLOAT32, Init.heNormal(), random));
    inputs = Tensor.of(NdArray.randn(Shape.of(32, 32, 64), DType.FLOAT32, random));
    labels = Tensor.of(Labels.uniform(32, 10, random));
    sgd = Optimizer.create(Sgd.of(0.01), network.parameters());
  }

  /** The LSTM and its classifier. */
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

  /** The final hidden state of the LSTM, classified. */
  private record Network(Lstm lstm, Linear classifier) implements Module {
    @Override
    public Tensor forward(Tensor x) {
      Tensor last = lstm.run(x).hidden(); // [1, N, H]
      return classifier.forward(last.reshape(x.shape().dim(0), lstm.options().hiddenSize()));
    }

    @Override
    public Map<String, Module> children() {
      return ImmutableMap.of("lstm", lstm, "classifier", classifier);
    }
  }
}
