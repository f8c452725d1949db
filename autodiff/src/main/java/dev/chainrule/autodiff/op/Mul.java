package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.Arithmetic;

/**
 * Elementwise product {@code a * b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}.
 * A primitive: basic arithmetic.
 */
public record Mul() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return Elementwise.arithmetic(a, b, Arithmetic.MUL);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
    return Grads.of(needed, () -> grad.mul(b), () -> grad.mul(a)); // d(ab) = b da + a db
  }

  @Override
  public Tensor jvp(Tensor ta, Tensor tb, Tensor a, Tensor b, Tensor out) {
    return ta == null ? a.mul(tb) : tb == null ? ta.mul(b) : ta.mul(b).add(a.mul(tb)); // product rule
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise on equal shapes: an unbatched input is broadcast over the batch (a view)
    return Tensor.apply(this, batch.allExpanded());
  }
}
