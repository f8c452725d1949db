package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Comparisons;

/**
 * Elementwise comparison: 1 where {@code a relation b} holds, else 0, in the inputs' dtype. Not
 * differentiable: its result never requires grad. Inputs have equal shapes. A primitive: the masks of
 * ReLU, max, clamp and where are built from it.
 *
 * @param relation which comparison
 */
public record Compare(Comparison relation) implements Op.Binary, Op.NonDifferentiable, Primitive {
  /**
   * Checks the relation is present.
   *
   * @param relation which comparison
   */
  public Compare {
    checkNotNull(relation, "compare: relation is null");
  }

  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return Comparisons.compare(a, b, relation);
  }

  @Override
  public String name() {
    return "compare " + relation;
  }

  @Override
  public Grads backward(Tensor grad, java.util.List<Tensor> inputs, Tensor out, Needed needed) {
    return Grads.none(2);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
    return Grads.none(2);
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise on equal shapes: an unbatched input is broadcast over the batch (a view)
    return Tensor.apply(this, batch.allExpanded());
  }
}
