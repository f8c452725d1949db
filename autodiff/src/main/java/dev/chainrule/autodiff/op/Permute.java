package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * Reordered axes: axis {@code i} of the result is axis {@code order.get(i)} of the input.
 *
 * @param order a permutation of the input's axes (non-negative)
 */
public record Permute(List<Integer> order) implements Op.Unary, Primitive {
  /** Copies the order. */
  public Permute {
    order = List.copyOf(order);
  }

  @Override
  public NdArray forward(NdArray x) {
    return x.permute(Shapes.toArray(order));
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.permute(Shapes.inverse(Shapes.toArray(order))); // undo the permutation
  }
}
