package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;

/**
 * Zeros of {@code shape} with each input element added at the position {@link Gather} would read it
 * from. Repeated indices add up. Adjoint of {@link Gather}: each is the other's backward.
 * A primitive: the adjoint of {@link Gather}.
 *
 * @param axis non-negative axis
 * @param indices positions along {@code axis}, shaped like the input
 * @param shape the result shape
 */
public record ScatterAdd(int axis, NdArray indices, Shape shape) implements Op.Unary, Primitive {
  /**
   * Checks the axis fits the result shape and the indices are present.
   *
   * @param axis non-negative axis
   * @param indices positions along {@code axis}, shaped like the input
   * @param shape the result shape
   */
  public ScatterAdd {
    checkNotNull(indices, "scatterAdd: indices are null");
    Shapes.checkAxis("scatterAdd", axis, checkNotNull(shape, "scatterAdd: shape is null"));
    Shapes.checkAlongAxis("scatterAdd", shape, axis, indices);
  }

  @Override
  public Shape shape(Shape x) {
    checkArgument(
        indices.shape().equals(x), "scatterAdd: indices %s must have the values' shape %s", indices.shape(), x);
    return shape;
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.scatterAdd(x, axis, indices, shape);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.gather(axis, indices); // each element reads back where it was added
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same indices for every member, behind the batch axis
    return Tensor.apply(new ScatterAdd(Batch.shifted(axis), Shapes.repeated(indices, batch.size()), batch.batched(shape)), batch.get(0));
  }
}
