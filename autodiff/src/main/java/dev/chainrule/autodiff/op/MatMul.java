package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Batched matrix product {@code op(a) · op(b)} over the last two axes, where {@code op} transposes when
 * its flag is set; batch axes are equal (the front end broadcasts them).
 *
 * <p>Backward uses the same primitive with other flags, so transposes are never materialized and
 * second-order gradients stay within matmul; the product for an input that does not require grad (a batch of
 * data) is skipped.
 *
 * @param transposeA use {@code aᵀ}
 * @param transposeB use {@code bᵀ}
 */
public record MatMul(boolean transposeA, boolean transposeB) implements Op.Binary, Primitive {
  @Override
  public String name() {
    return "matmul";
  }

  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return a.matmul(b, transposeA, transposeB);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out) {
    if (!transposeA && !transposeB) { // G·Bᵀ, Aᵀ·G
      return Grads.ofRequired(a, () -> product(grad, b, false, true), b, () -> product(a, grad, true, false));
    }
    if (transposeA && !transposeB) { // B·Gᵀ, A·G
      return Grads.ofRequired(a, () -> product(b, grad, false, true), b, () -> product(a, grad, false, false));
    }
    if (!transposeA) { // G·B, Gᵀ·A
      return Grads.ofRequired(a, () -> product(grad, b, false, false), b, () -> product(grad, a, true, false));
    }
    // Bᵀ·Gᵀ, Gᵀ·Aᵀ
    return Grads.ofRequired(a, () -> product(b, grad, true, true), b, () -> product(grad, a, true, true));
  }

  private static Tensor product(Tensor x, Tensor y, boolean transposeX, boolean transposeY) {
    return Tensor.apply(new MatMul(transposeX, transposeY), x, y);
  }
}
