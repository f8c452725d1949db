package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.Arithmetic;

/**
 * Elementwise quotient {@code a / b}. Inputs have equal shapes; {@link Tensor} broadcasts them first with {@link Expand}.
 * A primitive: basic arithmetic ({@code a·b⁻¹} rounds twice).
 */
public record Div() implements Op.Binary, Primitive {
  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return Elementwise.arithmetic(a, b, Arithmetic.DIV);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
    // d(a/b) = da/b - (a/b²) db
    return Grads.of(needed, () -> grad.div(b), () -> grad.mul(out).div(b).neg());
  }

  @Override
  public Tensor jvp(Tensor ta, Tensor tb, Tensor a, Tensor b, Tensor out) {
    Tensor fromB = tb == null ? null : tb.mul(out).neg(); // (a/b)' = (ta − out·tb) / b
    return (ta == null ? fromB : fromB == null ? ta : ta.add(fromB)).div(b);
  }

  @Override
  public Tensor vmap(Batch batch) {
    // elementwise on equal shapes: an unbatched input is broadcast over the batch (a view)
    return Tensor.apply(this, batch.allExpanded());
  }
}
