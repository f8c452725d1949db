package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;

/**
 * A trainable array of a module: the one mutable thing in a model.
 *
 * <p>{@link #tensor()} is a leaf tensor that requires grad; use it in {@code forward}, and
 * {@code loss.backward()} accumulates its gradient. {@link #update} replaces the leaf with a new value
 * (and so drops the gradient); it is called by optimizers' {@code step} and by loading a state dict,
 * nothing else.
 */
public final class Parameter {
  private Tensor value;

  /**
   * A parameter with this initial value.
   *
   * @param initial the initial value
   */
  public Parameter(NdArray initial) {
    this.value = Tensor.of(initial).requiresGrad();
  }

  /**
   * The current value as a leaf tensor that requires grad: what {@code forward} computes with.
   *
   * @return a leaf tensor over the value
   */
  public Tensor tensor() {
    return value;
  }

  /**
   * The current value as an array (like {@link Tensor#value()}).
   *
   * @return the value
   */
  public NdArray value() {
    return value.value();
  }

  /**
   * The dimensions.
   *
   * @return the shape
   */
  public Shape shape() {
    return value.shape();
  }

  /**
   * The dtype.
   *
   * @return the element type, float32 or float64
   */
  public DType dtype() {
    return value.dtype();
  }

  /**
   * Number of elements.
   *
   * @return the number of elements
   */
  public int size() {
    return value.size();
  }

  /**
   * Whether a backward pass has accumulated a gradient since the last update or {@link #zeroGrad()}.
   *
   * @return true if {@link #grad()} has a value
   */
  public boolean hasGrad() {
    return value.hasGrad();
  }

  /**
   * The accumulated gradient; fails when there is none (see {@link #hasGrad()}).
   *
   * @return the gradient, of the parameter's shape and dtype
   */
  public NdArray grad() {
    return value.grad().value();
  }

  /** Drops the accumulated gradient. */
  public void zeroGrad() {
    value.zeroGrad();
  }

  /**
   * Replaces the value with {@code next}, of the same shape and dtype; the gradient is dropped. The
   * single mutation of a parameter, called by optimizers and state-dict loading.
   *
   * @param next the new value, of the current shape and dtype
   */
  public void update(NdArray next) {
    checkArgument(
        next.shape().equals(shape()) && next.dtype() == dtype(),
        "parameter update: expected %s%s; got %s%s", dtype(), shape(), next.dtype(), next.shape());
    value = Tensor.of(next).requiresGrad();
  }

  /** Puts {@code t} in place of the value, for a functional call; returns the value it replaced. */
  Tensor bind(Tensor t) {
    checkArgument(
        t.shape().equals(shape()) && t.dtype() == dtype(),
        "functional call: parameter expects %s%s; got %s%s", dtype(), shape(), t.dtype(), t.shape());
    Tensor previous = value;
    value = t;
    return previous;
  }

  @Override
  public String toString() {
    return "Parameter(" + dtype() + shape() + ")";
  }
}
