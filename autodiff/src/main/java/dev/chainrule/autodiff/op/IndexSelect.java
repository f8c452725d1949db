package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * The entries at {@code indices} along one axis, repeats allowed (an embedding lookup is one).
 *
 * @param axis non-negative axis
 * @param indices positions along {@code axis}
 */
public record IndexSelect(int axis, List<Integer> indices) implements Op.Unary, Primitive {
  /** Copies the indices. */
  public IndexSelect {
    indices = List.copyOf(indices);
  }

  @Override
  public NdArray forward(NdArray x) {
    return x.indexSelect(axis, Shapes.toArray(indices));
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // a repeated index collects the gradient of every copy
    return grad.indexAdd(axis, x.shape().dim(axis), Shapes.toArray(indices));
  }
}
