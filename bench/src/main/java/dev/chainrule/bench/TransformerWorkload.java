package dev.chainrule.bench;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.layer.LayerNorm;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.MultiheadAttention;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.Map;
import java.util.Random;

/**
 * The peer suite's transformer: one pre-LN encoder block of width 128 (4 heads of 32, feed-forward 512,
 * ReLU, no dropout, no mask) over a fixed batch {@code x [16, 64, 128]} ~ N(0, 1), the mean over the 64
 * positions into a Linear 128 → 10, cross-entropy against fixed labels, plain SGD with learning rate 0.01;
 * 199,562 parameters. Every weight is He-initialised (fan-in 128, 512 for the second feed-forward layer),
 * biases 0, LayerNorm γ = 1, β = 0, as the peer suite defines it. Mutable: each {@link #step()} trains once.
 */
final class TransformerWorkload {
  private static final int WIDTH = 128;

  private final Network network;
  private final Tensor inputs;
  private final Tensor labels;
  private final Optimizer sgd;
  private final CrossEntropy crossEntropy = CrossEntropy.mean();

  /** The network and its batch, at the peer suite's sizes, drawn from {@code seed}. */
  TransformerWorkload(long seed) {
    Random random = new Random(seed);
    DType f32 = DType.FLOAT32;
    MultiheadAttention attention =
        MultiheadAttention.create(WIDTH, 4, MultiheadAttention.Options.defaults().batchFirst(), f32, random);
    attention.loadStateDict(ImmutableMap.of(
        "in_proj_weight", Init.heNormal().sample(Shape.of(3 * WIDTH, WIDTH), f32, WIDTH, 3 * WIDTH, random),
        "in_proj_bias", NdArray.zeros(Shape.of(3 * WIDTH), f32),
        "out_proj.weight", Init.heNormal().sample(Shape.of(WIDTH, WIDTH), f32, WIDTH, WIDTH, random),
        "out_proj.bias", NdArray.zeros(Shape.of(WIDTH), f32)));
    network = new Network(
        LayerNorm.create(WIDTH, f32), attention, LayerNorm.create(WIDTH, f32),
        Linear.create(WIDTH, 512, f32, Init.heNormal(), random), Linear.create(512, WIDTH, f32, Init.heNormal(), random),
        Linear.create(WIDTH, 10, f32, Init.heNormal(), random));
    inputs = Tensor.of(NdArray.randn(Shape.of(16, 64, WIDTH), f32, random));
    labels = Tensor.of(Labels.uniform(16, 10, random));
    sgd = Optimizer.create(Sgd.of(0.01), network.parameters());
  }

  /** The encoder block and its classifier. */
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

  /** {@code x1 = x + attention(LN1(x))}, {@code x2 = x1 + FFN(LN2(x1))}, then the mean over positions, classified. */
  private record Network(
      LayerNorm norm1, MultiheadAttention attention, LayerNorm norm2, Linear expand, Linear contract, Linear classifier)
      implements Module {
    @Override
    public Tensor forward(Tensor x) {
      Tensor x1 = x.add(attention.forward(norm1.forward(x)));
      Tensor x2 = x1.add(contract.forward(expand.forward(norm2.forward(x1)).relu()));
      return classifier.forward(x2.mean(1));
    }

    @Override
    public Map<String, Module> children() {
      return ImmutableMap.of(
          "norm1", norm1, "self_attn", attention, "norm2", norm2, "linear1", expand, "linear2", contract,
          "classifier", classifier);
    }
  }
}
