package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;

/**
 * Per-element selection along one axis: {@code out[i…, j, k…] = x[i…, indices[i…, j, k…], k…]}
 * (PyTorch's {@code gather}), e.g. each row's target-class score. The indices are constant whole numbers
 * with the input's shape except on {@code axis}. Adjoint of {@link ScatterAdd}: each is the other's
 * backward.
 * A primitive: per-element indices, which no other op reads.
 *
 * @param axis non-negative axis
 * @param indices positions along {@code axis}, shaped like the result
 */
public record Gather(int axis, NdArray indices) implements Op.Unary, Primitive {
  /**
   * Checks the axis is non-negative and the indices present.
   *
   * @param axis non-negative axis
   * @param indices positions along {@code axis}, shaped like the result
   */
  public Gather {
    checkArgument(axis >= 0, "gather: axis must be non-negative; got %s", axis);
    checkNotNull(indices, "gather: indices are null");
  }

  @Override
  public Shape shape(Shape x) {
    Shapes.checkAxis("gather", axis, x);
    Shapes.checkAlongAxis("gather", x, axis, indices);
    return indices.shape();
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.gather(x, axis, indices);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.scatterAdd(axis, indices, x.shape()); // each read element collects its gradient
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same indices for every member, behind the batch axis
    return Tensor.apply(new Gather(Batch.shifted(axis), Shapes.repeated(indices, batch.size())), batch.get(0));
  }
}
