package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * A non-trainable array a module keeps between calls, such as batch normalization's running
 * statistics. Saved in the state dict with the parameters; updated only by its own module (in training
 * forward passes) and by state-dict loading.
 */
public final class Buffer {
  private NdArray value;

  /**
   * A buffer with this initial value.
   *
   * @param initial the initial value
   */
  public Buffer(NdArray initial) {
    this.value = initial;
  }

  /**
   * The current value.
   *
   * @return the value
   */
  public NdArray value() {
    return value;
  }

  /**
   * The current value as a constant tensor (no gradient).
   *
   * @return a constant over the value
   */
  public Tensor tensor() {
    return Tensor.of(value);
  }

  /**
   * Replaces the value with {@code next}, of the same shape and dtype.
   *
   * @param next the new value, of the current shape and dtype
   */
  public void update(NdArray next) {
    checkArgument(
        next.shape().equals(value.shape()) && next.dtype() == value.dtype(),
        "buffer update: expected %s%s; got %s%s", value.dtype(), value.shape(), next.dtype(), next.shape());
    value = next;
  }

  @Override
  public String toString() {
    return "Buffer(" + value.dtype() + value.shape() + ")";
  }
}
