package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stack of {@link TransformerDecoderLayer}s with an optional final {@link LayerNorm}, as
 * {@code torch.nn.TransformerDecoder}: copies of one prototype named {@code layers.0.…}, {@code layers.1.…},
 * then {@code norm.…}. Every layer attends over the same memory with the same masks.
 */
public final class TransformerDecoder implements Module {
  private final List<TransformerDecoderLayer> layers;
  private final Sequential layerList;
  private final LayerNorm norm;

  private TransformerDecoder(List<TransformerDecoderLayer> layers, LayerNorm norm) {
    this.layers = List.copyOf(layers);
    this.layerList = Sequential.of(layers.toArray(new Module[0]));
    this.norm = norm;
  }

  /**
   * {@code count} copies of {@code layer}, without a final normalization.
   *
   * @param layer the layer to copy, with its weights; each copy gets its own dropout seed
   * @param count the number of layers, positive
   * @return the stack
   */
  public static TransformerDecoder create(TransformerDecoderLayer layer, int count) {
    return new TransformerDecoder(copies(layer, count), null);
  }

  /**
   * {@code count} copies of {@code layer}, then {@code norm} (PyTorch's {@code norm} argument).
   *
   * @param layer the layer to copy, with its weights; each copy gets its own dropout seed
   * @param count the number of layers, positive
   * @param norm the final normalization
   * @return the stack
   */
  public static TransformerDecoder create(TransformerDecoderLayer layer, int count, LayerNorm norm) {
    checkNotNull(norm, "transformerDecoder: norm is null");
    return new TransformerDecoder(copies(layer, count), norm);
  }

  private static List<TransformerDecoderLayer> copies(TransformerDecoderLayer layer, int count) {
    checkArgument(count > 0, "transformerDecoder: needs at least one layer; got %s", count);
    List<TransformerDecoderLayer> copies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      copies.add(layer.copy(layer.options().dropoutSeed() + i));
    }
    return copies;
  }

  /**
   * Not supported: a decoder needs the encoder's memory. Use {@link #forward(Tensor, Tensor)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor tgt) {
    throw new UnsupportedOperationException("transformerDecoder: needs memory; call forward(tgt, memory, tgtMask, memoryMask)");
  }

  /**
   * The stack applied to {@code tgt} attending over {@code memory}, without masks.
   *
   * @param tgt the target sequence {@code [T, N, E]}, or {@code [N, T, E]} when batch first
   * @param memory the encoder's output {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @return the output, shaped like {@code tgt}
   */
  public Tensor forward(Tensor tgt, Tensor memory) {
    return forward(tgt, memory, AttentionMask.none(), AttentionMask.none());
  }

  /**
   * The stack applied to {@code tgt} attending over {@code memory}; the masks are those of {@link TransformerDecoderLayer#forward(Tensor, Tensor, AttentionMask, AttentionMask)}.
   *
   * @param tgt the target sequence {@code [T, N, E]}, or {@code [N, T, E]} when batch first
   * @param memory the encoder's output {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @param tgtMask the keys hidden from the self-attention
   * @param memoryMask the memory positions hidden from the cross-attention
   * @return the output, shaped like {@code tgt}
   */
  public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
    Tensor x = tgt;
    for (TransformerDecoderLayer layer : layers) {
      x = layer.forward(x, memory, tgtMask, memoryMask);
    }
    return norm == null ? x : norm.forward(x);
  }

  /**
   * The layers, first applied first; immutable.
   *
   * @return the layers
   */
  public List<TransformerDecoderLayer> layers() {
    return layers;
  }

  @Override
  public Map<String, Module> children() {
    return norm == null ? ImmutableMap.of("layers", layerList) : ImmutableMap.of("layers", layerList, "norm", norm);
  }

  @Override
  public String toString() {
    return "TransformerDecoder(" + layers.size() + " layers" + (norm == null ? "" : ", final norm") + ")";
  }
}
