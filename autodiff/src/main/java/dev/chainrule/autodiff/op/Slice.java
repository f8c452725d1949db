package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;

/**
 * Elements {@code start} (inclusive) to {@code end} (exclusive) along one axis. Adjoint of {@link Pad}:
 * each is the other's backward.
 * A primitive: one gathering pass.
 *
 * @param axis non-negative axis
 * @param start first index kept
 * @param end one past the last index kept
 */
public record Slice(int axis, int start, int end) implements Op.Unary, Primitive {
  /**
   * Checks the axis and range are non-negative and ordered.
   *
   * @param axis non-negative axis
   * @param start first index kept
   * @param end one past the last index kept
   */
  public Slice {
    checkArgument(axis >= 0, "slice: axis must be non-negative; got %s", axis);
    checkArgument(0 <= start && start <= end, "slice: need 0 <= start <= end; got [%s, %s)", start, end);
  }

  @Override
  public Shape shape(Shape x) {
    Shapes.checkAxis("slice", axis, x);
    checkArgument(end <= x.dim(axis), "slice: range [%s, %s) is out of bounds for axis %s of shape %s", start, end, axis, x);
    return x.withDim(axis, end - start);
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.slice(x, axis, start, end);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.pad(axis, start, x.shape().dim(axis) - end); // zeros where elements were cut away
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same axis, behind the batch axis
    return Tensor.apply(new Slice(Batch.shifted(axis), start, end), batch.get(0));
  }
}
