package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Batched matrix product {@code op(a) · op(b)} over the last two axes, where {@code op} transposes when
 * its flag is set; batch axes are equal (the front end broadcasts them).
 *
 * <p>Backward uses the same primitive with other flags, so transposes are never materialized and
 * second-order gradients stay within matmul.
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
    if (!transposeA && !transposeB) {
      return Grads.of(product(grad, b, false, true), product(a, grad, true, false)); // G·Bᵀ, Aᵀ·G
    }
    if (transposeA && !transposeB) {
      return Grads.of(product(b, grad, false, true), product(a, grad, false, false)); // B·Gᵀ, A·G
    }
    if (!transposeA) {
      return Grads.of(product(grad, b, false, false), product(grad, a, true, false)); // G·B, Gᵀ·A
    }
    return Grads.of(product(b, grad, true, true), product(grad, a, true, true)); // Bᵀ·Gᵀ, Gᵀ·Aᵀ
  }

  private static Tensor product(Tensor x, Tensor y, boolean transposeX, boolean transposeY) {
    return Tensor.apply(new MatMul(transposeX, transposeY), x, y);
  }
}
