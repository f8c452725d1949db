package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.AttendedValues;
import dev.chainrule.autodiff.op.AttentionWeights;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;
import java.util.Random;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, "Attention Is All You Need"), with
 * {@code torch.nn.MultiheadAttention}'s semantics and parameter layout.
 *
 * <p>Query, key and value are projected by the rows of {@code in_proj_weight} {@code [3E, E]} (query,
 * key, value in that order) plus {@code in_proj_bias} {@code [3E]}, split into {@code heads} heads of
 * width {@code D = E / heads}, attended with {@code softmax(q·kᵀ / √D)·v} per head, joined and projected
 * by {@code out_proj} (a {@link Linear}), so a state dict lines up with PyTorch's: {@code in_proj_weight},
 * {@code in_proj_bias}, {@code out_proj.weight}, {@code out_proj.bias}. The heads are never split out of
 * the projections: the {@link AttentionWeights} and {@link AttendedValues} primitives read them in place.
 *
 * <p>Inputs are {@code [L, N, E]} (query) and {@code [S, N, E]} (key, value) in the default
 * sequence-first layout, {@code [N, L, E]} and {@code [N, S, E]} with {@link Options#batchFirst()}.
 * Key and value may differ from the query (cross-attention) but share its width {@code E}.
 *
 * <p>The softmax subtracts each row's maximum. NOTE: a query whose keys are <em>all</em> masked has a row
 * of {@code -∞} scores: its weights and output are NaN, and so is every gradient that flows back through
 * it, the parameters' included, as in PyTorch.
 */
public final class MultiheadAttention implements Module {
  /** Where the batch axis sits in inputs and outputs. */
  public enum Layout {
    /** {@code [L, N, E]}: PyTorch's default ({@code batch_first=False}). */
    SEQUENCE_FIRST,
    /** {@code [N, L, E]}. */
    BATCH_FIRST
  }

  /**
   * Immutable settings: the layout and the dropout on attention weights (applied in training mode only,
   * masks drawn from a generator seeded with {@code dropoutSeed}). Start from {@link #defaults()}.
   *
   * @param layout where the batch axis sits in inputs and outputs
   * @param dropout the probability of dropping an attention weight, in {@code [0, 1)}
   * @param dropoutSeed the seed of the dropout masks
   */
  public record Options(Layout layout, double dropout, long dropoutSeed) {
    /**
     * Checks the settings.
     *
     * @param layout where the batch axis sits in inputs and outputs
     * @param dropout the probability of dropping an attention weight, in {@code [0, 1)}
     * @param dropoutSeed the seed of the dropout masks
     */
    public Options {
      checkArgument(layout != null, "multiheadAttention: layout is null");
      checkArgument(dropout >= 0 && dropout < 1, "multiheadAttention: dropout must be in [0, 1); got %s", dropout);
    }

    /**
     * PyTorch's defaults: sequence-first, no dropout.
     *
     * @return the default options
     */
    public static Options defaults() {
      return new Options(Layout.SEQUENCE_FIRST, 0, 0);
    }

    /**
     * These options with inputs and outputs {@code [N, L, E]}.
     *
     * @return new options; these are unchanged
     */
    public Options batchFirst() {
      return new Options(Layout.BATCH_FIRST, dropout, dropoutSeed);
    }

    /**
     * These options with dropout probability {@code p} on the attention weights, masks seeded by {@code seed}.
     *
     * @param p the probability, in {@code [0, 1)}
     * @param seed the seed of the masks
     * @return new options; these are unchanged
     */
    public Options withDropout(double p, long seed) {
      return new Options(layout, p, seed);
    }
  }

  /**
   * What attention returns: the output, shaped like the query, and the attention weights of every head,
   * {@code [N, heads, L, S]} (after dropout, as PyTorch returns them).
   *
   * @param output the attention output, shaped like the query
   * @param headWeights the attention weights of every head, {@code [N, heads, L, S]}
   */
  public record Result(Tensor output, Tensor headWeights) {
    /**
     * The weights averaged over the heads, {@code [N, L, S]}: PyTorch's default {@code average_attn_weights=True}.
     *
     * @return the weights averaged over the heads, {@code [N, L, S]}
     */
    public Tensor averagedWeights() {
      return headWeights.mean(1);
    }
  }

  private final int width;
  private final int heads;
  private final Options options;
  private final Parameter inProjWeight;
  private final Parameter inProjBias;
  private final Linear outProj;
  private final Dropout dropout;

  private MultiheadAttention(int width, int heads, Options options, DType dtype, Random random) {
    this.width = width;
    this.heads = heads;
    this.options = options;
    this.inProjWeight = new Parameter(Init.xavierUniform().sample(Shape.of(3 * width, width), dtype, width, 3 * width, random));
    this.inProjBias = new Parameter(NdArray.zeros(Shape.of(3 * width), dtype));
    double bound = 1 / Math.sqrt(width);
    this.outProj = Linear.create(width, width, dtype, Init.uniform(-bound, bound), random);
    this.dropout = Dropout.create(options.dropout(), options.dropoutSeed());
  }

  /**
   * Attention over width {@code embedDim} split into {@code heads} heads, with {@link Options#defaults()}.
   *
   * @param embedDim the width {@code E} of inputs and outputs, divisible by {@code heads}
   * @param heads the number of heads, positive
   * @param dtype float32 or float64
   * @param random the source of the initial weights
   * @return the layer
   */
  public static MultiheadAttention create(int embedDim, int heads, DType dtype, Random random) {
    return create(embedDim, heads, Options.defaults(), dtype, random);
  }

  /**
   * Attention over width {@code embedDim} split into {@code heads} heads, initialised as PyTorch does:
   * {@code in_proj_weight} Xavier-uniform over {@code [3E, E]}, {@code out_proj.weight} uniform in
   * {@code ±1/√E} (Linear's default), both biases zero.
   *
   * @param embedDim the width {@code E} of inputs and outputs, divisible by {@code heads}
   * @param heads the number of heads, positive
   * @param options the layout and the dropout on attention weights
   * @param dtype float32 or float64
   * @param random the source of the initial weights
   * @return the layer
   */
  public static MultiheadAttention create(int embedDim, int heads, Options options, DType dtype, Random random) {
    checkArgument(embedDim > 0 && heads > 0,
        "multiheadAttention: sizes must be positive; got embedDim %s, heads %s", embedDim, heads);
    checkArgument(embedDim % heads == 0,
        "multiheadAttention: heads must divide embedDim; got embedDim %s, heads %s", embedDim, heads);
    return new MultiheadAttention(embedDim, heads, options, dtype, random);
  }

  /** Self-attention without masks: the output of {@code attend(x, x, x, AttentionMask.none())}. */
  @Override
  public Tensor forward(Tensor x) {
    return attend(x, x, x, AttentionMask.none()).output();
  }

  /**
   * Attention of {@code query} over {@code key}/{@code value} without masks.
   *
   * @param query {@code [L, N, E]}, or {@code [N, L, E]} when batch first
   * @param key {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @param value shaped like {@code key}
   * @return the output and the attention weights
   */
  public Result attend(Tensor query, Tensor key, Tensor value) {
    return attend(query, key, value, AttentionMask.none());
  }

  /**
   * Attention of {@code query} over {@code key}/{@code value}, ignoring the keys that {@code mask} hides.
   *
   * @param query {@code [L, N, E]}, or {@code [N, L, E]} when batch first
   * @param key {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @param value shaped like {@code key}
   * @param mask the keys each query ignores
   * @return the output and the attention weights
   */
  public Result attend(Tensor query, Tensor key, Tensor value, AttentionMask mask) {
    checkInputs(query, key, value);
    boolean batchFirst = options.layout() == Layout.BATCH_FIRST;
    Tensor q = project(batchFirst ? query : query.transpose(0, 1), 0);
    Tensor k = project(batchFirst ? key : key.transpose(0, 1), 1);
    Tensor v = project(batchFirst ? value : value.transpose(0, 1), 2);
    AttentionWeights softmax = new AttentionWeights(heads);
    Tensor weights = mask.isEmpty() ? Tensor.apply(softmax, q, k)
        : Tensor.apply(softmax, q, k, Tensor.of(mask.additive(q.shape().dim(0), q.shape().dim(1), k.shape().dim(1), q.dtype())));
    Tensor dropped = dropout.forward(weights); // returned as PyTorch returns them: after dropout
    Tensor out = outProj.forward(Tensor.apply(new AttendedValues(), dropped, v));
    return new Result(batchFirst ? out : out.transpose(0, 1), dropped);
  }

  /** {@code x [N, T, E]} projected by rows {@code [part·E, (part + 1)·E)} of the in-projection: {@code [N, T, E]}, the heads side by side. */
  private Tensor project(Tensor x, int part) {
    Tensor w = inProjWeight.tensor().slice(0, part * width, (part + 1) * width);
    Tensor b = inProjBias.tensor().slice(0, part * width, (part + 1) * width);
    return x.reshape(-1, width).linear(w, b).reshape(x.shape().dim(0), x.shape().dim(1), width);
  }

  private void checkInputs(Tensor query, Tensor key, Tensor value) {
    String layout = options.layout() == Layout.BATCH_FIRST ? "[N, L, E], [N, S, E], [N, S, E]" : "[L, N, E], [S, N, E], [S, N, E]";
    checkArgument(query.rank() == 3 && key.rank() == 3 && value.rank() == 3,
        "multiheadAttention: query, key and value must be %s; got %s, %s, %s", layout, query.shape(), key.shape(), value.shape());
    checkArgument(query.shape().dim(-1) == width && key.shape().dim(-1) == width && value.shape().dim(-1) == width,
        "multiheadAttention: query, key and value must have last dimension E = %s; got %s, %s, %s",
        width, query.shape(), key.shape(), value.shape());
    int batchAxis = options.layout() == Layout.BATCH_FIRST ? 0 : 1;
    checkArgument(key.shape().equals(value.shape())
            && query.shape().dim(batchAxis) == key.shape().dim(batchAxis),
        "multiheadAttention: key and value must have equal shapes and the query's batch size (layout %s); got %s, %s, %s",
        layout, query.shape(), key.shape(), value.shape());
  }

  /**
   * The number of heads.
   *
   * @return the number of heads
   */
  public int heads() {
    return heads;
  }

  /**
   * The settings this layer was created with.
   *
   * @return the options
   */
  public Options options() {
    return options;
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return ImmutableMap.of("in_proj_weight", inProjWeight, "in_proj_bias", inProjBias);
  }

  @Override
  public Map<String, Module> children() {
    return ImmutableMap.of("out_proj", outProj);
  }

  @Override
  public String toString() {
    return "MultiheadAttention(" + width + ", heads=" + heads + ", " + options.layout()
        + (options.dropout() > 0 ? ", dropout=" + options.dropout() : "") + ")";
  }
}
