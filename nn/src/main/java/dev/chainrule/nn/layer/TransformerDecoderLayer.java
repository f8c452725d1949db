package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Module;
import java.util.Map;
import java.util.Random;

/**
 * A transformer decoder layer (Vaswani et al. 2017): self-attention over the target, attention over the
 * encoder's output ({@code memory}) and a feed-forward block, each with a residual connection and layer
 * normalization, with {@code torch.nn.TransformerDecoderLayer}'s semantics and parameter names.
 *
 * <p>Post-norm (the default): {@code x = norm1(x + sa(x)); x = norm2(x + mha(x, memory)); x = norm3(x + ff(x))}.
 * Pre-norm ({@link TransformerOptions#withNormFirst}): {@code x = x + sa(norm1(x)); x = x + mha(norm2(x), memory);
 * x = x + ff(norm3(x))}. Each sublayer's output goes through dropout, as in {@link TransformerEncoderLayer}.
 * The state dict lines up with PyTorch's: {@code self_attn.*}, {@code multihead_attn.*}, {@code linear1.*},
 * {@code linear2.*}, {@code norm1.*}, {@code norm2.*}, {@code norm3.*}.
 *
 * <p>The target is {@code [L, N, E]} and the memory {@code [S, N, E]}, or {@code [N, L, E]} and
 * {@code [N, S, E]} with {@link TransformerOptions#batchFirst()}. The linear layers' biases start at zero.
 */
public final class TransformerDecoderLayer implements Module {
  private final TransformerOptions options;
  private final DType dtype;
  private final MultiheadAttention selfAttn;
  private final MultiheadAttention multiheadAttn;
  private final Linear linear1;
  private final Dropout dropout;
  private final Linear linear2;
  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final LayerNorm norm3;
  private final Dropout dropout1;
  private final Dropout dropout2;
  private final Dropout dropout3;

  private TransformerDecoderLayer(TransformerOptions options, DType dtype, Random random) {
    this.options = options;
    this.dtype = dtype;
    Random seeds = new Random(options.dropoutSeed());
    int width = options.dModel();
    this.selfAttn = MultiheadAttention.create(width, options.heads(), options.attention(seeds.nextLong()), dtype, random);
    this.multiheadAttn = MultiheadAttention.create(width, options.heads(), options.attention(seeds.nextLong()), dtype, random);
    this.linear1 = TransformerEncoderLayer.linear(width, options.feedforward(), dtype, random);
    this.dropout = Dropout.create(options.dropout(), seeds.nextLong());
    this.linear2 = TransformerEncoderLayer.linear(options.feedforward(), width, dtype, random);
    this.norm1 = LayerNorm.create(width, options.layerNormEps(), dtype);
    this.norm2 = LayerNorm.create(width, options.layerNormEps(), dtype);
    this.norm3 = LayerNorm.create(width, options.layerNormEps(), dtype);
    this.dropout1 = Dropout.create(options.dropout(), seeds.nextLong());
    this.dropout2 = Dropout.create(options.dropout(), seeds.nextLong());
    this.dropout3 = Dropout.create(options.dropout(), seeds.nextLong());
  }

  /**
   * A decoder layer with these options; weights drawn from {@code random}, dropout masks seeded by the options.
   *
   * @param options the sizes and settings
   * @param dtype float32 or float64
   * @param random the source of the initial weights
   * @return the layer
   */
  public static TransformerDecoderLayer create(TransformerOptions options, DType dtype, Random random) {
    checkArgument(options.dModel() % options.heads() == 0,
        "transformerDecoderLayer: heads must divide dModel; got dModel %s, heads %s", options.dModel(), options.heads());
    return new TransformerDecoderLayer(options, dtype, random);
  }

  /**
   * Not supported: a decoder layer needs the encoder's memory. Use {@link #forward(Tensor, Tensor)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor tgt) {
    throw new UnsupportedOperationException("transformerDecoderLayer: needs memory; call forward(tgt, memory, tgtMask, memoryMask)");
  }

  /**
   * The layer applied to {@code tgt} attending over {@code memory}, without masks.
   *
   * @param tgt the target sequence {@code [T, N, E]}, or {@code [N, T, E]} when batch first
   * @param memory the encoder's output {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @return the output, shaped like {@code tgt}
   */
  public Tensor forward(Tensor tgt, Tensor memory) {
    return forward(tgt, memory, AttentionMask.none(), AttentionMask.none());
  }

  /**
   * The layer applied to {@code tgt} attending over {@code memory}. {@code tgtMask} hides keys from the
   * self-attention (PyTorch's {@code tgt_mask}, usually {@link AttentionMask#causal()}, and
   * {@code tgt_key_padding_mask}); {@code memoryMask} hides memory positions (PyTorch's {@code memory_mask}
   * and {@code memory_key_padding_mask}).
   *
   * @param tgt the target sequence {@code [T, N, E]}, or {@code [N, T, E]} when batch first
   * @param memory the encoder's output {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @param tgtMask the keys hidden from the self-attention
   * @param memoryMask the memory positions hidden from the cross-attention
   * @return the output, shaped like {@code tgt}
   */
  public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
    checkInputs(tgt, memory);
    Tensor x = tgt;
    if (options.normFirst()) {
      x = x.add(selfAttention(norm1.forward(x), tgtMask));
      x = x.add(crossAttention(norm2.forward(x), memory, memoryMask));
      return x.add(feedForward(norm3.forward(x)));
    }
    x = norm1.forward(x.add(selfAttention(x, tgtMask)));
    x = norm2.forward(x.add(crossAttention(x, memory, memoryMask)));
    return norm3.forward(x.add(feedForward(x)));
  }

  private Tensor selfAttention(Tensor x, AttentionMask mask) {
    return dropout1.forward(selfAttn.attend(x, x, x, mask).output());
  }

  private Tensor crossAttention(Tensor x, Tensor memory, AttentionMask mask) {
    return dropout2.forward(multiheadAttn.attend(x, memory, memory, mask).output());
  }

  private Tensor feedForward(Tensor x) {
    return dropout3.forward(TransformerEncoderLayer.feedForward(x, linear1, options.activation(), dropout, linear2));
  }

  private void checkInputs(Tensor tgt, Tensor memory) {
    TransformerEncoderLayer.checkSequence("transformerDecoderLayer", "tgt", tgt, options);
    TransformerEncoderLayer.checkSequence("transformerDecoderLayer", "memory", memory, options);
    int batchAxis = options.layout() == MultiheadAttention.Layout.BATCH_FIRST ? 0 : 1;
    checkArgument(tgt.shape().dim(batchAxis) == memory.shape().dim(batchAxis),
        "transformerDecoderLayer: tgt and memory must have the same batch size (axis %s); got %s, %s",
        batchAxis, tgt.shape(), memory.shape());
  }

  /** A copy with equal weights and the options' dropout seed replaced by {@code dropoutSeed}. */
  TransformerDecoderLayer copy(long dropoutSeed) {
    TransformerDecoderLayer copy = new TransformerDecoderLayer(options.withDropout(options.dropout(), dropoutSeed), dtype, new Random(0));
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
        .put("self_attn", selfAttn).put("multihead_attn", multiheadAttn).put("linear1", linear1).put("dropout", dropout)
        .put("linear2", linear2).put("norm1", norm1).put("norm2", norm2).put("norm3", norm3)
        .put("dropout1", dropout1).put("dropout2", dropout2).put("dropout3", dropout3)
        .build();
  }

  @Override
  public String toString() {
    return options.describe("TransformerDecoderLayer");
  }
}
