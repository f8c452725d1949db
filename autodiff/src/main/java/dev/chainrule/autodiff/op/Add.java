package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.Arithmetic;

/**
 * Elementwise sum {@code a + b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}.
 * A primitive: basic arithmetic.
 */
public record Add() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return Elementwise.arithmetic(a, b, Arithmetic.ADD);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
    return Grads.of(grad, grad); // d(a+b) = da + db
  }

  @Override
  public Tensor jvp(Tensor ta, Tensor tb, Tensor a, Tensor b, Tensor out) {
    return ta == null ? tb : tb == null ? ta : ta.add(tb);
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise on equal shapes: an unbatched input is broadcast over the batch (a view)
    return Tensor.apply(this, batch.allExpanded());
  }
}
