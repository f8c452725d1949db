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
 * A stack of {@link TransformerEncoderLayer}s with an optional final {@link LayerNorm}, as
 * {@code torch.nn.TransformerEncoder}: the layers are copies of one prototype (equal weights, each with
 * its own dropout seed), named {@code layers.0.…}, {@code layers.1.…}, then {@code norm.…}, so a state dict
 * lines up with PyTorch's. Every layer sees the same mask.
 */
public final class TransformerEncoder implements Module {
  private final List<TransformerEncoderLayer> layers;
  private final Sequential layerList;
  private final LayerNorm norm;

  private TransformerEncoder(List<TransformerEncoderLayer> layers, LayerNorm norm) {
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
  public static TransformerEncoder create(TransformerEncoderLayer layer, int count) {
    return new TransformerEncoder(copies(layer, count), null);
  }

  /**
   * {@code count} copies of {@code layer}, then {@code norm} (PyTorch's {@code norm} argument).
   *
   * @param layer the layer to copy, with its weights; each copy gets its own dropout seed
   * @param count the number of layers, positive
   * @param norm the final normalization
   * @return the stack
   */
  public static TransformerEncoder create(TransformerEncoderLayer layer, int count, LayerNorm norm) {
    checkNotNull(norm, "transformerEncoder: norm is null");
    return new TransformerEncoder(copies(layer, count), norm);
  }

  private static List<TransformerEncoderLayer> copies(TransformerEncoderLayer layer, int count) {
    checkArgument(count > 0, "transformerEncoder: needs at least one layer; got %s", count);
    List<TransformerEncoderLayer> copies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      copies.add(layer.copy(layer.options().dropoutSeed() + i));
    }
    return copies;
  }

  /** The stack applied to {@code src} without masks. */
  @Override
  public Tensor forward(Tensor src) {
    return forward(src, AttentionMask.none());
  }

  /**
   * The stack applied to {@code src}, every layer's self-attention ignoring the keys {@code mask} hides.
   *
   * @param src the source sequence {@code [S, N, E]}, or {@code [N, S, E]} when batch first
   * @param mask the keys hidden from every self-attention
   * @return the output, shaped like {@code src}
   */
  public Tensor forward(Tensor src, AttentionMask mask) {
    Tensor x = src;
    for (TransformerEncoderLayer layer : layers) {
      x = layer.forward(x, mask);
    }
    return norm == null ? x : norm.forward(x);
  }

  /**
   * The layers, first applied first; immutable.
   *
   * @return the layers
   */
  public List<TransformerEncoderLayer> layers() {
    return layers;
  }

  @Override
  public Map<String, Module> children() {
    return norm == null ? ImmutableMap.of("layers", layerList) : ImmutableMap.of("layers", layerList, "norm", norm);
  }

  @Override
  public String toString() {
    return "TransformerEncoder(" + layers.size() + " layers" + (norm == null ? "" : ", final norm") + ")";
  }
}
