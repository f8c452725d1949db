package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Batch;
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
  /**
   * Checks the axis and the padding are non-negative.
   *
   * @param axis non-negative axis
   * @param before zeros before the first element
   * @param after zeros after the last element
   */
  public Pad {
    checkArgument(axis >= 0, "pad: axis must be non-negative; got %s", axis);
    checkArgument(before >= 0 && after >= 0, "pad: padding must be non-negative; got %s and %s", before, after);
  }

  @Override
  public Shape shape(Shape x) {
    Shapes.checkAxis("pad", axis, x);
    long padded = (long) before + x.dim(axis) + after; // long: the sum can pass 2^31 - 1
    checkArgument(padded >= 0 && padded <= Integer.MAX_VALUE,
        "pad: the padded dimension must be at most 2^31 - 1; got %s and %s before, %s after on axis %s", x, before, after, axis);
    long size = padded;
    for (int a = 0; a < x.rank(); a++) {
      size = a == axis ? size : Shapes.product(size, x.dim(a));
    }
    checkArgument(size <= Integer.MAX_VALUE,
        "pad: the padded shape has more than 2^31 - 1 elements; got %s and %s before, %s after on axis %s", x, before, after, axis);
    return x.withDim(axis, (int) padded);
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.pad(x, axis, before, after);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.slice(axis, before, before + x.shape().dim(axis)); // the padding had no input
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same axis, behind the batch axis
    return Tensor.apply(new Pad(Batch.shifted(axis), before, after), batch.get(0));
  }
}
