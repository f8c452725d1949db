package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/** Fixed positional encodings, to add to a sequence's embeddings before attention. */
public final class PositionalEncoding {
  private PositionalEncoding() {}

  /**
   * The sinusoidal encoding of Vaswani et al. 2017, shape {@code [length, dim]}: column {@code 2i} holds
   * {@code sin(t / 10000^(2i/dim))} and column {@code 2i + 1} {@code cos(t / 10000^(2i/dim))} for position
   * {@code t}. An odd {@code dim} ends with a sine column. Row 0 is {@code [0, 1, 0, 1, …]}.
   *
   * <p>The frequencies are computed as {@code exp(2i · -ln(10000) / dim)}, as in PyTorch's transformer
   * tutorial, so the values agree with it to the last bit or two.
   *
   * @param length the number of positions, positive
   * @param dim the width of the encoding, positive
   * @param dtype float32 or float64
   * @return the encoding {@code [length, dim]}
   */
  public static NdArray sinusoidal(int length, int dim, DType dtype) {
    checkArgument(length > 0 && dim > 0, "positionalEncoding: sizes must be positive; got length %s, dim %s", length, dim);
    double[] values = new double[length * dim];
    for (int t = 0; t < length; t++) {
      for (int column = 0; column < dim; column++) {
        int even = column - column % 2;
        double angle = t * Math.exp(even * (-Math.log(10000.0) / dim));
        values[t * dim + column] = column % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
      }
    }
    return NdArray.of(Shape.of(length, dim), values).to(dtype);
  }
}
