package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Comparison;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * Elementwise comparison: 1 where {@code a relation b} holds, else 0, in the inputs' dtype. Not
 * differentiable: its result never requires grad. Inputs have equal shapes.
 *
 * @param relation which comparison
 */
public record Compare(Comparison relation) implements Op.Binary, Op.NonDifferentiable, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    Shapes.checkSame(this, a, b);
    return a.compare(b, relation);
  }

  @Override
  public String name() {
    return "compare " + relation;
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out) {
    return Grads.none(2);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out) {
    return Grads.none(2);
  }
}
