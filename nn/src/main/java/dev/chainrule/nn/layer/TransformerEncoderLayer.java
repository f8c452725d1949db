package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import java.util.Map;
import java.util.Random;

/**
 * A transformer encoder layer (Vaswani et al. 2017, "Attention Is All You Need"): self-attention and a
 * feed-forward block, each with a residual connection and layer normalization, with
 * {@code torch.nn.TransformerEncoderLayer}'s semantics and parameter names.
 *
 * <p>Post-norm (the default): {@code x = norm1(x + sa(x)); x = norm2(x + ff(x))}. Pre-norm
 * ({@link TransformerOptions#withNormFirst}, Xiong et al. 2020): {@code x = x + sa(norm1(x));
 * x = x + ff(norm2(x))}. Here {@code sa} is {@code self_attn} followed by dropout and {@code ff(x) =
 * dropout(linear2(dropout(activation(linear1(x)))))}. The state dict lines up with PyTorch's:
 * {@code self_attn.in_proj_weight}, {@code self_attn.in_proj_bias}, {@code self_attn.out_proj.weight},
 * {@code self_attn.out_proj.bias}, {@code linear1.*}, {@code linear2.*}, {@code norm1.*}, {@code norm2.*}.
 *
 * <p>Inputs and outputs are {@code [S, N, E]}, or {@code [N, S, E]} with {@link TransformerOptions#batchFirst()}.
 * Initialisation follows PyTorch's except that the linear layers' biases start at zero (PyTorch draws
 * them uniform in {@code ±1/√in}); weights loaded from PyTorch give PyTorch's outputs.
 */
public final class TransformerEncoderLayer implements Module {
  private final TransformerOptions options;
  private final DType dtype;
  private final MultiheadAttention selfAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final Dropout dropout1;
  private final Dropout dropout2;

  private TransformerEncoderLayer(TransformerOptions options, DType dtype, Random random) {
    this.options = options;
    this.dtype = dtype;
    Random seeds = new Random(options.dropoutSeed());
    this.selfAttn = MultiheadAttention.create(options.dModel(), options.heads(), options.attention(seeds.nextLong()), dtype, random);
    this.linear1 = linear(options.dModel(), options.feedforward(), dtype, random);
    this.dropout = Dropout.create(options.dropout(), seeds.nextLong());
    this.linear2 = linear(options.feedforward(), options.dModel(), dtype, random);
    this.norm1 = LayerNorm.create(options.dModel(), options.layerNormEps(), dtype);
    this.norm2 = LayerNorm.create(options.dModel(), options.layerNormEps(), dtype);
    this.dropout1 = Dropout.create(options.dropout(), seeds.nextLong());
    this.dropout2 = Dropout.create(options.dropout(), seeds.nextLong());
  }

  /**
   * An encoder layer with these options; weights drawn from {@code random}, dropout masks seeded by the options.
   *
   * @param options the sizes and settings
   * @param dtype float32 or float64
   * @param random the source of the initial weights
   * @return the layer
   */
  public static TransformerEncoderLayer create(TransformerOptions options, DType dtype, Random random) {
    checkArgument(options.dModel() % options.heads() == 0,
        "transformerEncoderLayer: heads must divide dModel; got dModel %s, heads %s", options.dModel(), options.heads());
    return new TransformerEncoderLayer(options, dtype, random);
  }

  /** A linear layer initialised as PyTorch's weights are (uniform in {@code ±1/√in}), with a zero bias. */
  static Linear linear(int in, int out, DType dtype, Random random) {
    double bound = 1 / Math.sqrt(in);
    return Linear.create(in, out, dtype, Init.uniform(-bound, bound), random);
  }

  /** {@code linear2(dropout(activation(linear1(x))))}, before the block's final dropout. */
  static Tensor feedForward(Tensor x, Linear linear1, TransformerOptions.Nonlinearity activation, Dropout dropout, Linear linear2) {
    return linear2.forward(dropout.forward(activation.apply(linear1.forward(x))));
  }

  /** Checks that {@code x} is a batch of sequences of width {@code dModel} in the options' layout. */
  static void checkSequence(String layer, String name, Tensor x, TransformerOptions options) {
    boolean batchFirst = options.layout() == MultiheadAttention.Layout.BATCH_FIRST;
    checkArgument(x.rank() == 3 && x.shape().dim(-1) == options.dModel(),
        "%s: %s must be %s with E = %s; got %s", layer, name, batchFirst ? "[N, L, E]" : "[L, N, E]", options.dModel(), x.shape());
  }

  /** The layer applied to {@code src} without masks. */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, AttentionMask.none());
  }

  /**
   * The layer applied to {@code src}, self-attention ignoring the keys {@code mask} hides: PyTorch's
   * {@code src_mask} ({@link AttentionMask#causal()} or {@link AttentionMask#withAttentionMask}) and
   * {@code src_key_padding_mask} ({@link AttentionMask#withKeyPadding}) in one value.
   *
   * @param src the source sequence {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @param mask the keys hidden from the self-attention
   * @return the output, shaped like {@code src}
   */
  public Tensor forward(Tensor src, AttentionMask mask) {
    checkSequence("transformerEncoderLayer", "src", src, options);
    Tensor x = src;
    if (options.normFirst()) {
      x = x.add(selfAttention(norm1.forward(x), mask));
      return x.add(dropout2.forward(feedForward(norm2.forward(x), linear1, options.activation(), dropout, linear2)));
    }
    x = norm1.forward(x.add(selfAttention(x, mask)));
    return norm2.forward(x.add(dropout2.forward(feedForward(x, linear1, options.activation(), dropout, linear2))));
  }

  private Tensor selfAttention(Tensor x, AttentionMask mask) {
    return dropout1.forward(selfAttn.attend(x, x, x, mask).output());
  }

  /** A copy with equal weights and the options' dropout seed replaced by {@code dropoutSeed}. */
  TransformerEncoderLayer copy(long dropoutSeed) {
    TransformerEncoderLayer copy = new TransformerEncoderLayer(options.withDropout(options.dropout(), dropoutSeed), dtype, new Random(0));
    copy.loadStateDict(stateDict());
    return copy;
  }

  /**
   * The settings this layer was created with.
   *
   * @return the options
   */
  public TransformerOptions options() {
    return options;
  }

  /** The submodules in PyTorch's order; the dropouts have no parameters. */
  @Override
  public Map<String, Module> children() {
    return ImmutableMap.<String, Module>builder()
        .put("self_attn", selfAttn).put("linear1", linear1).put("dropout", dropout).put("linear2", linear2)
        .put("norm1", norm1).put("norm2", norm2).put("dropout1", dropout1).put("dropout2", dropout2)
        .build();
  }

  @Override
  public String toString() {
    return options.describe("TransformerEncoderLayer");
  }
}
