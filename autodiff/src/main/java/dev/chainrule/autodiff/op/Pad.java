package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;

/**
 * Zeros added before and after one axis. Adjoint of {@link Slice}: each is the other's backward.
 * A primitive: one placing pass.
 *
 * @param axis non-negative axis
 * @param before zeros before the first element
 * @param after zeros after the last element
 */
public record Pad(int axis, int before, int after) implements Op.Unary, Primitive {
  /** Checks the axis and the padding are non-negative. */
  public Pad {
    checkArgument(axis >= 0, "pad: axis must be non-negative; got %s", axis);
    checkArgument(before >= 0 && after >= 0, "pad: padding must be non-negative; got %s and %s", before, after);
  }

  @Override
  public Shape shape(Shape x) {
    Shapes.checkAxis("pad", axis, x);
    return x.withDim(axis, before + x.dim(axis) + after);
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.pad(x, axis, before, after);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.slice(axis, before, before + x.shape().dim(axis)); // the padding had no input
  }
}
