package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.DType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings of a convolution layer ({@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}), as
 * PyTorch's constructor arguments: each of kernel, stride and dilation is one value for every spatial axis
 * or one value per axis ({@code [height, width]} for 2-D), like PyTorch's int-or-tuple.
 *
 * <pre>{@code
 * ConvOptions.of(16, 32, 3).withPadding(1)                       // 3x3, "same" size at stride 1
 * ConvOptions.of(32, 32, 3).withStride(2).withPadding(1).withBias(false)
 * ConvOptions.of(32, 32, 3).withGroups(32).withPadding(ConvPadding.same())   // depthwise
 * }</pre>
 *
 * @param in input channels, positive, divisible by {@code groups}
 * @param out output channels, positive, divisible by {@code groups}
 * @param kernel the kernel's size, positive
 * @param stride the step between windows, positive
 * @param padding the zeros around the input
 * @param dilation the step between a kernel's taps, positive (1 for adjacent)
 * @param groups the number of channel groups, each convolved on its own (in = groups for depthwise)
 * @param bias whether the layer adds a learnt bias
 * @param dtype the parameters' dtype
 */
public record ConvOptions(
    int in, int out, List<Integer> kernel, List<Integer> stride, ConvPadding padding, List<Integer> dilation,
    int groups, boolean bias, DType dtype) {
  /**
   * Checks the settings.
   *
   * @param in input channels, positive, divisible by {@code groups}
   * @param out output channels, positive, divisible by {@code groups}
   * @param kernel the kernel's size, positive
   * @param stride the step between windows, positive
   * @param padding the zeros around the input
   * @param dilation the step between a kernel's taps, positive
   * @param groups the number of channel groups
   * @param bias whether the layer adds a learnt bias
   * @param dtype the parameters' dtype
   */
  public ConvOptions {
    kernel = positive("kernel", kernel);
    stride = positive("stride", stride);
    dilation = positive("dilation", dilation);
    checkNotNull(padding, "convOptions: padding is null");
    checkNotNull(dtype, "convOptions: dtype is null");
    checkArgument(in > 0 && out > 0 && groups > 0,
        "convOptions: channels and groups must be positive; got in %s, out %s, groups %s", in, out, groups);
    checkArgument(in % groups == 0 && out % groups == 0,
        "convOptions: input and output channels must both be divisible by groups; got in %s, out %s, groups %s",
        in, out, groups);
  }

  private static List<Integer> positive(String name, List<Integer> values) {
    checkNotNull(values, "convOptions: %s is null", name);
    List<Integer> copy = List.copyOf(values);
    checkArgument(!copy.isEmpty() && copy.stream().allMatch(v -> v > 0),
        "convOptions: %s must be one or more positive sizes; got %s", name, copy);
    return copy;
  }

  /**
   * Stride 1, no padding, no dilation, one group, a bias, float64.
   *
   * @param in input channels, positive
   * @param out output channels, positive
   * @param kernel the kernel's size: one value for every spatial axis, or one per axis
   * @return the options
   */
  public static ConvOptions of(int in, int out, int... kernel) {
    return new ConvOptions(in, out, sizes(kernel), List.of(1), ConvPadding.valid(), List.of(1), 1, true, DType.FLOAT64);
  }

  /**
   * These options with another stride.
   *
   * @param stride one value for every spatial axis, or one per axis
   * @return the new options
   */
  public ConvOptions withStride(int... stride) {
    return new ConvOptions(in, out, kernel, sizes(stride), padding, dilation, groups, bias, dtype);
  }

  /**
   * These options with explicit zero padding.
   *
   * @param padding one value for every spatial axis, or one per axis
   * @return the new options
   */
  public ConvOptions withPadding(int... padding) {
    return withPadding(ConvPadding.of(padding));
  }

  /**
   * These options with another padding, such as {@link ConvPadding#same()}.
   *
   * @param padding the padding
   * @return the new options
   */
  public ConvOptions withPadding(ConvPadding padding) {
    return new ConvOptions(in, out, kernel, stride, padding, dilation, groups, bias, dtype);
  }

  /**
   * These options with another dilation.
   *
   * @param dilation one value for every spatial axis, or one per axis
   * @return the new options
   */
  public ConvOptions withDilation(int... dilation) {
    return new ConvOptions(in, out, kernel, stride, padding, sizes(dilation), groups, bias, dtype);
  }

  /**
   * These options with another number of groups.
   *
   * @param groups divides both channel counts
   * @return the new options
   */
  public ConvOptions withGroups(int groups) {
    return new ConvOptions(in, out, kernel, stride, padding, dilation, groups, bias, dtype);
  }

  /**
   * These options with or without a bias.
   *
   * @param bias whether the layer adds a learnt bias
   * @return the new options
   */
  public ConvOptions withBias(boolean bias) {
    return new ConvOptions(in, out, kernel, stride, padding, dilation, groups, bias, dtype);
  }

  /**
   * These options with another parameter dtype.
   *
   * @param dtype float32 or float64
   * @return the new options
   */
  public ConvOptions withDType(DType dtype) {
    return new ConvOptions(in, out, kernel, stride, padding, dilation, groups, bias, dtype);
  }

  /** Returns e.g. {@code 16 → 32, kernel 3, stride 2, padding 1, groups 4, no bias}, defaults left out. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(in + " → " + out + ", kernel " + describe(kernel));
    s.append(stride.stream().allMatch(v -> v == 1) ? "" : ", stride " + describe(stride));
    s.append(padding.equals(ConvPadding.valid()) ? "" : ", padding " + padding);
    s.append(dilation.stream().allMatch(v -> v == 1) ? "" : ", dilation " + describe(dilation));
    s.append(groups == 1 ? "" : ", groups " + groups);
    return s.append(bias ? "" : ", no bias").toString();
  }

  /** Sizes as {@code 3} or {@code 3x5}. */
  static String describe(List<Integer> sizes) {
    return sizes.stream().map(String::valueOf).collect(Collectors.joining("x"));
  }

  private static List<Integer> sizes(int... values) {
    return Arrays.stream(values).boxed().toList();
  }
}
