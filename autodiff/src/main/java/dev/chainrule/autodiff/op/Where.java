package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * Elementwise selection {@code condition ? a : b}, with inputs (condition, a, b) of equal shapes; the
 * condition is non-zero for true and gets no gradient.
 */
public record Where() implements Op, Primitive {
  @Override
  public NdArray forward(List<NdArray> inputs) {
    checkArity(3, inputs.size());
    NdArray c = inputs.get(0);
    NdArray a = inputs.get(1);
    NdArray b = inputs.get(2);
    checkArgument(
        c.shape().equals(a.shape()) && a.shape().equals(b.shape()),
        "where: the primitive needs equal shapes; got %s, %s and %s", c.shape(), a.shape(), b.shape());
    return NdArray.where(c, a, b);
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out) {
    Tensor c = inputs.get(0);
    Tensor zero = Tensor.zeros(grad.shape(), grad.dtype());
    Grads grads = Grads.none(3); // the condition has none, and so has a constant branch (clamp's bounds)
    if (inputs.get(1).isGradRequired()) {
      grads = grads.with(1, Tensor.where(c, grad, zero)); // d(c ? a : b) = c ? da : db
    }
    if (inputs.get(2).isGradRequired()) {
      grads = grads.with(2, Tensor.where(c, zero, grad));
    }
    return grads;
  }
}
