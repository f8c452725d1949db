package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Tensor;

/**
 * The settings of a {@link TransformerEncoderLayer} or {@link TransformerDecoderLayer}, with the meanings
 * of {@code torch.nn.TransformerEncoderLayer}'s arguments ({@code d_model}, {@code nhead},
 * {@code dim_feedforward}, {@code dropout}, {@code activation}, {@code layer_norm_eps},
 * {@code batch_first}, {@code norm_first}).
 *
 * <p>An immutable value: start from {@link #of} and change one thing at a time,
 * {@code TransformerOptions.of(8, 2).withFeedforward(16).withDropout(0, 0).withNormFirst(true)}.
 *
 * @param dModel the width {@code E} of inputs and outputs
 * @param heads attention heads; they must divide {@code dModel}
 * @param feedforward the hidden width of the feed-forward block
 * @param dropout the probability of every dropout in the layer (attention weights, the sublayers' outputs,
 *     the feed-forward hidden layer), in training mode only
 * @param dropoutSeed seeds the layer's dropout masks
 * @param activation the feed-forward block's nonlinearity
 * @param layerNormEps the ε of every layer normalization
 * @param layout where the batch axis sits in inputs and outputs
 * @param normFirst whether each sublayer normalizes its input (pre-norm, Xiong et al. 2020) instead of
 *     the sum after the residual connection (post-norm, the original)
 */
public record TransformerOptions(
    int dModel, int heads, int feedforward, double dropout, long dropoutSeed, Nonlinearity activation,
    double layerNormEps, MultiheadAttention.Layout layout, boolean normFirst) {

  /** The feed-forward block's nonlinearity, PyTorch's {@code "relu"} or {@code "gelu"} (exact). */
  public enum Nonlinearity {
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code x·Φ(x)}, with the exact Gaussian CDF. */
    GELU;

    Tensor apply(Tensor x) {
      return this == RELU ? x.relu() : x.gelu();
    }
  }

  /**
   * Checks the settings.
   *
   * @param dModel the width {@code E} of inputs and outputs
   * @param heads attention heads; they must divide {@code dModel}
   * @param feedforward the hidden width of the feed-forward block
   * @param dropout the probability of every dropout in the layer (attention weights, the sublayers' outputs, the
   *     feed-forward hidden layer), in training mode only
   * @param dropoutSeed seeds the layer's dropout masks
   * @param activation the feed-forward block's nonlinearity
   * @param layerNormEps the ε of every layer normalization
   * @param layout where the batch axis sits in inputs and outputs
   * @param normFirst whether each sublayer normalizes its input (pre-norm, Xiong et al. 2020) instead of the sum after
   *     the residual connection (post-norm, the original)
   */
  public TransformerOptions {
    checkArgument(dModel > 0 && heads > 0 && feedforward > 0,
        "transformerOptions: sizes must be positive; got dModel %s, heads %s, feedforward %s", dModel, heads, feedforward);
    checkArgument(dropout >= 0 && dropout < 1, "transformerOptions: dropout must be in [0, 1); got %s", dropout);
    checkArgument(layerNormEps > 0, "transformerOptions: layerNormEps must be positive; got %s", layerNormEps);
    checkNotNull(activation, "transformerOptions: activation is null");
    checkNotNull(layout, "transformerOptions: layout is null");
  }

  /**
   * PyTorch's defaults for width {@code dModel} and {@code heads} heads: feed-forward width 2048, dropout
   * 0.1 (seed 0), ReLU, ε = 1e-5, sequence-first, post-norm.
   *
   * @param dModel the width {@code E} of inputs and outputs, positive
   * @param heads the number of attention heads, dividing {@code dModel}
   * @return the options
   */
  public static TransformerOptions of(int dModel, int heads) {
    return new TransformerOptions(dModel, heads, 2048, 0.1, 0, Nonlinearity.RELU, 1e-5,
        MultiheadAttention.Layout.SEQUENCE_FIRST, false);
  }

  /**
   * These options with a feed-forward block of hidden width {@code feedforward}.
   *
   * @param feedforward the hidden width, positive
   * @return new options; these are unchanged
   */
  public TransformerOptions withFeedforward(int feedforward) {
    return new TransformerOptions(dModel, heads, feedforward, dropout, dropoutSeed, activation, layerNormEps, layout, normFirst);
  }

  /**
   * These options with dropout probability {@code p} everywhere, masks seeded by {@code seed}; 0 turns dropout off.
   *
   * @param p the probability, in {@code [0, 1)}
   * @param seed the seed of the masks
   * @return new options; these are unchanged
   */
  public TransformerOptions withDropout(double p, long seed) {
    return new TransformerOptions(dModel, heads, feedforward, p, seed, activation, layerNormEps, layout, normFirst);
  }

  /**
   * These options with the feed-forward nonlinearity {@code activation}.
   *
   * @param activation the nonlinearity
   * @return new options; these are unchanged
   */
  public TransformerOptions withActivation(Nonlinearity activation) {
    return new TransformerOptions(dModel, heads, feedforward, dropout, dropoutSeed, activation, layerNormEps, layout, normFirst);
  }

  /**
   * These options with ε = {@code eps} in every layer normalization.
   *
   * @param eps the ε, positive
   * @return new options; these are unchanged
   */
  public TransformerOptions withLayerNormEps(double eps) {
    return new TransformerOptions(dModel, heads, feedforward, dropout, dropoutSeed, activation, eps, layout, normFirst);
  }

  /**
   * These options with inputs and outputs {@code [N, L, E]}.
   *
   * @return new options; these are unchanged
   */
  public TransformerOptions batchFirst() {
    return new TransformerOptions(dModel, heads, feedforward, dropout, dropoutSeed, activation, layerNormEps,
        MultiheadAttention.Layout.BATCH_FIRST, normFirst);
  }

  /**
   * These options with layer normalization before each sublayer (pre-norm) or after its residual sum (post-norm).
   *
   * @param normFirst true for pre-norm, false for post-norm
   * @return new options; these are unchanged
   */
  public TransformerOptions withNormFirst(boolean normFirst) {
    return new TransformerOptions(dModel, heads, feedforward, dropout, dropoutSeed, activation, layerNormEps, layout, normFirst);
  }

  /** The attention options these imply. */
  MultiheadAttention.Options attention(long seed) {
    MultiheadAttention.Options options = MultiheadAttention.Options.defaults().withDropout(dropout, seed);
    return layout == MultiheadAttention.Layout.BATCH_FIRST ? options.batchFirst() : options;
  }

  /** A layer's description, e.g. {@code TransformerEncoderLayer(8, heads=2, feedforward=16, GELU, norm first)}. */
  String describe(String type) {
    return type + "(" + dModel + ", heads=" + heads + ", feedforward=" + feedforward + ", " + activation
        + (dropout > 0 ? ", dropout=" + dropout : "") + (layout == MultiheadAttention.Layout.BATCH_FIRST ? ", batch first" : "")
        + (normFirst ? ", norm first" : "") + ")";
  }
}
