package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * Which keys each query of a {@link MultiheadAttention} may not attend to: an immutable combination of a
 * causal mask, an attention mask {@code [L, S]} shared by the batch and a key-padding mask {@code [N, S]}.
 *
 * <p>Masks are 0/1 arrays in either dtype, 1 meaning "ignore this key", like PyTorch's boolean masks.
 * PyTorch's float masks, which are <em>added</em> to the scores, are not supported: a value other than 0
 * or 1 is an error. {@code -∞} is added to a masked score before the softmax, so it gets weight 0 and no
 * gradient.
 *
 * <pre>{@code
 * AttentionMask.causal().withKeyPadding(padding)
 * }</pre>
 */
public final class AttentionMask {
  private static final AttentionMask NONE = new AttentionMask(false, null, null);

  private final boolean causal;
  private final NdArray attention;
  private final NdArray keyPadding;

  private AttentionMask(boolean causal, NdArray attention, NdArray keyPadding) {
    this.causal = causal;
    this.attention = attention;
    this.keyPadding = keyPadding;
  }

  /**
   * No mask: every query attends to every key.
   *
   * @return the empty mask
   */
  public static AttentionMask none() {
    return NONE;
  }

  /**
   * The causal mask alone: query position {@code l} ignores key positions {@code s > l}.
   *
   * @return the causal mask
   */
  public static AttentionMask causal() {
    return NONE.withCausal();
  }

  /**
   * This mask, and query position {@code l} ignores key positions {@code s > l}.
   *
   * @return a new mask; this one is unchanged
   */
  public AttentionMask withCausal() {
    return new AttentionMask(true, attention, keyPadding);
  }

  /**
   * This mask, and query {@code l} ignores key {@code s} where {@code mask[l, s]} is 1; shape {@code [L, S]}.
   *
   * @param mask a 0/1 array {@code [L, S]}, 1 where the key is ignored
   * @return a new mask; this one is unchanged
   */
  public AttentionMask withAttentionMask(NdArray mask) {
    checkZeroOne(mask, "attention mask");
    return new AttentionMask(causal, mask, keyPadding);
  }

  /**
   * This mask, and every query of example {@code n} ignores key {@code s} where {@code mask[n, s]} is 1; shape {@code [N, S]}.
   *
   * @param mask a 0/1 array {@code [N, S]}, 1 where the key is padding
   * @return a new mask; this one is unchanged
   */
  public AttentionMask withKeyPadding(NdArray mask) {
    checkZeroOne(mask, "key padding mask");
    return new AttentionMask(causal, attention, mask);
  }

  /**
   * Whether nothing is masked.
   *
   * @return true if no key is hidden from any query
   */
  public boolean isEmpty() {
    return !causal && attention == null && keyPadding == null;
  }

  /**
   * The combined mask as scores to add, {@code -∞} for a hidden key and 0 otherwise, of shape
   * {@code [N, 1, L, S]}, ready to broadcast over the heads; checks the given masks' shapes against the
   * inputs'. Adding (rather than choosing with {@code where}) is what PyTorch does, so even the NaN
   * gradients of a query with every key hidden agree.
   */
  NdArray additive(int batch, int targetLength, int sourceLength, DType dtype) {
    checkArgument(attention == null || attention.shape().equals(Shape.of(targetLength, sourceLength)),
        "multiheadAttention: attention mask must have shape [L, S] = [%s, %s]; got %s",
        targetLength, sourceLength, attention == null ? null : attention.shape());
    checkArgument(keyPadding == null || keyPadding.shape().equals(Shape.of(batch, sourceLength)),
        "multiheadAttention: key padding mask must have shape [N, S] = [%s, %s]; got %s",
        batch, sourceLength, keyPadding == null ? null : keyPadding.shape());
    double[] values = new double[batch * targetLength * sourceLength];
    int i = 0;
    for (int n = 0; n < batch; n++) {
      for (int l = 0; l < targetLength; l++) {
        for (int s = 0; s < sourceLength; s++) {
          boolean masked = (causal && s > l)
              || (attention != null && attention.get(l, s) != 0)
              || (keyPadding != null && keyPadding.get(n, s) != 0);
          values[i++] = masked ? Double.NEGATIVE_INFINITY : 0;
        }
      }
    }
    return NdArray.of(Shape.of(batch, 1, targetLength, sourceLength), values).to(dtype);
  }

  private static void checkZeroOne(NdArray mask, String what) {
    checkArgument(mask.rank() == 2, "multiheadAttention: %s must have rank 2; got %s", what, mask.shape());
    for (int i = 0; i < mask.size(); i++) {
      double v = mask.getFlat(i);
      checkArgument(v == 0 || v == 1,
          "multiheadAttention: %s values must be 0 (attend) or 1 (ignore); got %s at flat position %s", what, v, i);
    }
  }

  @Override
  public String toString() {
    return "AttentionMask(causal=" + causal + ", attention=" + (attention == null ? "none" : attention.shape())
        + ", keyPadding=" + (keyPadding == null ? "none" : keyPadding.shape()) + ")";
  }
}
