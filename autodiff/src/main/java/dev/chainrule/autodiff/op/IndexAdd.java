package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * Zeros of extent {@code size} along one axis, with slice {@code j} of the input added at
 * {@code indices[j]}: the transpose of {@link IndexSelect}.
 *
 * @param axis non-negative axis
 * @param size extent of the result along {@code axis}
 * @param indices target position of each input slice
 */
public record IndexAdd(int axis, int size, List<Integer> indices) implements Op.Unary, Primitive {
  /** Copies the indices. */
  public IndexAdd {
    indices = List.copyOf(indices);
  }

  @Override
  public NdArray forward(NdArray x) {
    return x.indexAdd(axis, size, Shapes.toArray(indices));
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.indexSelect(axis, Shapes.toArray(indices)); // each slice reads back where it was added
  }
}
