package dev.chainrule.examples;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.data.TokenSampler;
import dev.chainrule.nn.layer.AttentionMask;
import dev.chainrule.nn.layer.Embedding;
import dev.chainrule.nn.layer.LayerNorm;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.PositionalEncoding;
import dev.chainrule.nn.layer.TransformerEncoder;
import dev.chainrule.nn.layer.TransformerEncoderLayer;
import dev.chainrule.nn.layer.TransformerOptions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A decoder-only (GPT-style) character model: token embeddings plus sinusoidal positions, a stack of
 * pre-norm transformer layers whose self-attention is causal (position {@code t} sees only positions
 * {@code ≤ t}), the encoder's final layer norm and a linear layer to logits over the vocabulary. Input {@code [N, T]}
 * tokens with {@code T ≤ context}, output {@code [N, T, V]} logits, where position {@code t} predicts
 * token {@code t + 1}. Float32, no dropout.
 */
final class CharacterTransformer implements Module {
  private final Embedding embedding;
  private final Tensor positions;
  private final TransformerEncoder layers;
  private final Linear output;

  private CharacterTransformer(Embedding embedding, Tensor positions, TransformerEncoder layers, Linear output) {
    this.embedding = embedding;
    this.positions = positions;
    this.layers = layers;
    this.output = output;
  }

  /**
   * A model over {@code vocabulary} tokens reading up to {@code context} of them, {@code width} wide with
   * {@code depth} layers of {@code heads} heads and a GELU feed-forward block four times as wide.
   */
  static CharacterTransformer create(int vocabulary, int context, int width, int depth, int heads, long seed) {
    Random random = new Random(seed);
    TransformerOptions options = TransformerOptions.of(width, heads).withFeedforward(4 * width).withDropout(0, 0)
        .withActivation(TransformerOptions.Nonlinearity.GELU).withNormFirst(true).batchFirst();
    // as in PyTorch, every layer starts as a copy of this one; they part as soon as training starts
    TransformerEncoderLayer layer = TransformerEncoderLayer.create(options, DType.FLOAT32, random);
    return new CharacterTransformer(
        Embedding.create(vocabulary, width, DType.FLOAT32, random),
        Tensor.of(PositionalEncoding.sinusoidal(context, width, DType.FLOAT32)),
        TransformerEncoder.create(layer, depth, LayerNorm.create(width, DType.FLOAT32)),
        Linear.create(width, vocabulary, DType.FLOAT32, Init.xavierUniform(), random));
  }

  /** The longest input the model reads. */
  int context() {
    return positions.shape().dim(0);
  }

  @Override
  public Tensor forward(Tensor tokens) {
    int steps = tokens.shape().dim(1);
    Tensor x = embedding.forward(tokens).add(positions.slice(0, 0, steps));
    return output.forward(layers.forward(x, AttentionMask.causal()));
  }

  /** {@code length} new tokens drawn one at a time after {@code prompt}, each from the model's view of the last {@code context} tokens. */
  int[] sample(int[] prompt, int length, TokenSampler sampler, Random random) {
    int[] text = Arrays.copyOf(prompt, prompt.length + length);
    try (ModeScope eval = Mode.eval(); GradScope off = Autodiff.noGrad()) {
      for (int i = prompt.length; i < text.length; i++) {
        int from = Math.max(0, i - context());
        double[] window = new double[i - from];
        for (int t = from; t < i; t++) {
          window[t - from] = text[t];
        }
        Tensor logits = forward(Tensor.of(NdArray.of(Shape.of(1, window.length), window)));
        text[i] = sampler.sample(logits.slice(1, window.length - 1, window.length), random);
      }
    }
    return Arrays.copyOfRange(text, prompt.length, text.length);
  }

  @Override
  public Map<String, Module> children() {
    Map<String, Module> children = new LinkedHashMap<>();
    children.put("embedding", embedding);
    children.put("layers", layers);
    children.put("output", output);
    return children;
  }

  @Override
  public String toString() {
    return "CharacterTransformer(" + embedding + ", " + layers + ", " + output + ")";
  }
}
