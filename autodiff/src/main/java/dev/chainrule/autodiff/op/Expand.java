package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Elementwise;

/**
 * Broadcast to a larger shape by NumPy's rules: the one primitive behind all broadcasting, so every other
 * elementwise primitive takes equal shapes. Its result is a view that stores nothing. Adjoint of
 * {@link Sum}: each is the other's backward.
 *
 * @param shape the result shape
 */
public record Expand(Shape shape) implements Op.Unary, Primitive {
  /**
   * Checks the shape is present.
   *
   * @param shape the result shape
   */
  public Expand {
    checkNotNull(shape, "broadcastTo: shape is null");
  }

  @Override
  public Shape shape(Shape x) {
    checkArgument(x.broadcastsTo(shape), "broadcastTo: cannot broadcast %s to %s", x, shape);
    return shape;
  }

  @Override
  public NdArray forward(NdArray x) {
    return Elementwise.broadcast(x, shape);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.sumTo(x.shape()); // each copy contributes: sum back over the repeated axes
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the member's shape is first padded with 1s to the target's rank, so NumPy's right alignment cannot move the batch axis
    Shape x = batch.shape(0);
    int[] padded = new int[shape.rank()];
    java.util.Arrays.fill(padded, 1);
    System.arraycopy(x.toArray(), 0, padded, shape.rank() - x.rank(), x.rank());
    Tensor aligned = batch.get(0).reshape(batch.batched(Shape.of(padded)));
    return Tensor.apply(new Expand(batch.batched(shape)), aligned);
  }
}
