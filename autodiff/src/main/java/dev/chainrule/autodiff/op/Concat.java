package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * Inputs joined along one axis; they agree on every other axis.
 *
 * @param axis non-negative axis
 */
public record Concat(int axis) implements Op, Primitive {
  @Override
  public NdArray forward(List<NdArray> inputs) {
    return NdArray.concat(axis, inputs);
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out) {
    Tensor[] parts = new Tensor[inputs.size()];
    int offset = 0;
    for (int i = 0; i < parts.length; i++) {
      int extent = inputs.get(i).shape().dim(axis);
      parts[i] = grad.slice(axis, offset, offset + extent); // each input gets its own stretch back
      offset += extent;
    }
    return Grads.of(parts);
  }
}
