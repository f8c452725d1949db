package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;

/**
 * The same elements under another shape of equal size; shares the data. Its own inverse: backward
 * reshapes back.
 * A primitive: a free view of the same buffer.
 *
 * @param shape the result shape
 */
public record Reshape(Shape shape) implements Op.Unary, Primitive {
  /**
   * Checks the shape is present.
   *
   * @param shape the result shape
   */
  public Reshape {
    checkNotNull(shape, "reshape: shape is null");
  }

  @Override
  public Shape shape(Shape x) {
    checkArgument(
        shape.size() == x.size(),
        "reshape: cannot reshape %s (%s elements) to %s (%s elements)", x, x.size(), shape, shape.size());
    return shape;
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.reshape(x, shape);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.reshape(x.shape()); // elements keep their order
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // each member reshaped
    return Tensor.apply(new Reshape(batch.batched(shape)), batch.get(0));
  }
}
