package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * How a convolution pads its input, as PyTorch's {@code padding} argument: explicit zeros on both sides of
 * each spatial axis ({@link #of}), {@link #valid()} (none) or {@link #same()} (enough that the output keeps
 * the input's size at stride 1; an odd total puts the extra zero after, as PyTorch does).
 *
 * @param sameSize whether the padding is {@code "same"}
 * @param sizes the zeros on each side: one value for every axis, or one per spatial axis; empty when same
 */
public record ConvPadding(boolean sameSize, List<Integer> sizes) {
  /**
   * Checks the sizes: non-negative, and none when the size is kept.
   *
   * @param sameSize whether the padding is {@code "same"}
   * @param sizes the zeros on each side: one value for every axis, or one per spatial axis; empty when same
   */
  public ConvPadding {
    sizes = List.copyOf(sizes);
    checkArgument(sameSize == sizes.isEmpty(), "convPadding: give sizes unless the padding is \"same\"; got %s", sizes);
    checkArgument(sizes.stream().allMatch(p -> p >= 0), "convPadding: padding must be non-negative; got %s", sizes);
  }

  /**
   * Explicit padding.
   *
   * @param sizes the zeros on each side: one value for every spatial axis, or one per axis
   * @return the padding
   */
  public static ConvPadding of(int... sizes) {
    return new ConvPadding(false, java.util.Arrays.stream(sizes).boxed().toList());
  }

  /**
   * PyTorch's {@code "same"}: the output keeps the input's spatial size; needs stride 1.
   *
   * @return the padding
   */
  public static ConvPadding same() {
    return new ConvPadding(true, List.of());
  }

  /**
   * PyTorch's {@code "valid"}: no padding.
   *
   * @return the padding
   */
  public static ConvPadding valid() {
    return of(0);
  }

  /** Returns {@code same} or the sizes, e.g. {@code 1} or {@code 0x2}. */
  @Override
  public String toString() {
    return sameSize ? "same" : ConvOptions.describe(sizes);
  }
}
