package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The guard put on the gradients of a once-differentiable op when a graph is being created: the values
 * pass through, and differentiating them again fails with a message naming the op.
 */
final class OnceDifferentiable implements Op {
  private final String opName;

  private OnceDifferentiable(String opName) {
    this.opName = opName;
  }

  static Grads guard(Op op, Grads plain, Tensor grad, List<Tensor> inputs) {
    List<Tensor> sources = new ArrayList<>();
    sources.add(grad);
    sources.addAll(inputs);
    Tensor[] links = sources.toArray(new Tensor[0]);
    Grads guarded = Grads.none(plain.size());
    for (int i = 0; i < plain.size(); i++) {
      if (plain.has(i)) {
        Tensor[] withValue = new Tensor[links.length + 1];
        withValue[0] = plain.get(i);
        System.arraycopy(links, 0, withValue, 1, links.length);
        guarded = guarded.with(i, Tensor.apply(new OnceDifferentiable(op.name()), withValue));
      }
    }
    return guarded;
  }

  @Override
  public String name() {
    return opName + " (once-differentiable backward)";
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public NdArray forward(List<NdArray> inputs) {
    return inputs.get(0);
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    throw new IllegalStateException(
        opName
            + ": this op is once-differentiable; its backward cannot be differentiated again. Implement its"
            + " backward with Tensor operations and drop onceDifferentiable() to get higher-order gradients");
  }
}
