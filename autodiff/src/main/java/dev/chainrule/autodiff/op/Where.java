package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Elementwise;
import java.util.List;

/**
 * Elementwise selection {@code condition ? a : b}, with inputs (condition, a, b) of equal shapes; the
 * condition is non-zero for true and gets no gradient. A primitive: the compositions with masks
 * ({@code c·a + (1 − c)·b}) turn an infinity or NaN in the branch not taken into NaN.
 */
public record Where() implements Op, Primitive {
  @Override
  public Shape shape(List<Shape> inputs) {
    checkArgument(inputs.size() == 3, "where: expects 3 input(s); got %s", inputs.size());
    Shape c = inputs.get(0);
    Shape a = inputs.get(1);
    Shape b = inputs.get(2);
    checkArgument(
        c.equals(a) && a.equals(b), "where: the primitive needs equal shapes; got %s, %s and %s", c, a, b);
    return a;
  }

  @Override
  public NdArray forward(List<NdArray> inputs) {
    return Elementwise.where(inputs.get(0), inputs.get(1), inputs.get(2));
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    Tensor c = inputs.get(0);
    Tensor zero = Tensor.zeros(grad.shape(), grad.dtype());
    Grads grads = Grads.none(3); // the condition has none
    if (needed.get(1)) {
      grads = grads.with(1, Tensor.where(c, grad, zero)); // d(c ? a : b) = c ? da : db
    }
    if (needed.get(2)) {
      grads = grads.with(2, Tensor.where(c, zero, grad));
    }
    return grads;
  }

  @Override
  public Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
    Tensor a = tangents.get(1) != null ? tangents.get(1) : Tensor.zeros(inputs.get(1).shape(), out.dtype());
    Tensor b = tangents.get(2) != null ? tangents.get(2) : Tensor.zeros(inputs.get(2).shape(), out.dtype());
    return Tensor.apply(this, inputs.get(0), a, b); // linear in the two values; the mask has no tangent
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise on equal shapes: an unbatched input is broadcast over the batch (a view)
    return Tensor.apply(this, batch.allExpanded());
  }
}
