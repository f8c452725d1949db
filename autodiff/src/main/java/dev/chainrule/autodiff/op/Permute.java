package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;
import java.util.List;

/**
 * Reordered axes: axis {@code i} of the result is axis {@code order.get(i)} of the input. Its own
 * inverse: backward applies the inverse permutation.
 * A primitive: the one op that reorders axes.
 *
 * @param order a permutation of the input's axes (non-negative)
 */
public record Permute(List<Integer> order) implements Op.Unary, Primitive {
  /**
   * Copies the order and checks it names each axis once.
   *
   * @param order a permutation of the input's axes (non-negative)
   */
  public Permute {
    order = List.copyOf(order);
    boolean[] seen = new boolean[order.size()];
    for (int axis : order) {
      checkArgument(axis >= 0 && axis < seen.length, "permute: axis %s is out of range for order %s", axis, order);
      checkArgument(!seen[axis], "permute: axis %s appears twice in %s", axis, order);
      seen[axis] = true;
    }
  }

  @Override
  public Shape shape(Shape x) {
    checkArgument(
        order.size() == x.rank(), "permute: order %s has %s axes; shape %s has %s", order, order.size(), x, x.rank());
    int[] dims = new int[order.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = x.dim(order.get(i));
    }
    return Shape.of(dims);
  }

  @Override
  public NdArray forward(NdArray x) {
    return Movement.permute(x, Shapes.toArray(order));
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.permute(Shapes.inverse(Shapes.toArray(order))); // undo the permutation
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return Tensor.apply(this, t); // linear in x
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the batch axis stays first
    List<Integer> batched = new java.util.ArrayList<>(order.size() + 1);
    batched.add(0);
    order.forEach(axis -> batched.add(axis + 1));
    return Tensor.apply(new Permute(batched), batch.get(0));
  }
}
