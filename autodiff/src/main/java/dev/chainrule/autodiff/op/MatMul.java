package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.gemm.Gemm;

/**
 * Batched matrix product {@code op(a) · op(b)} over the last two axes, where {@code op} transposes when
 * its flag is set; batch axes are equal (the front end broadcasts them). A primitive: the packed GEMM
 * kernels are what make training fast.
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
  public Shape shape(Shape a, Shape b) {
    int r = a.rank();
    if (r < 2 || b.rank() != r) {
      throw error("expected two matrices or equal-rank batches", a, b);
    }
    int m = a.dim(transposeA ? r - 1 : r - 2);
    int k = a.dim(transposeA ? r - 2 : r - 1);
    int k2 = b.dim(transposeB ? r - 1 : r - 2);
    int n = b.dim(transposeB ? r - 2 : r - 1);
    if (k != k2) {
      throw error("inner dimensions differ", a, b);
    }
    for (int axis = 0; axis < r - 2; axis++) {
      if (a.dim(axis) != b.dim(axis)) {
        throw error("batch dimensions differ", a, b);
      }
    }
    return a.withDim(r - 2, m).withDim(r - 1, n);
  }

  private IllegalArgumentException error(String what, Shape a, Shape b) {
    return new IllegalArgumentException(
        "matmul: " + what + "; got " + a + (transposeA ? "ᵀ" : "") + " @ " + b + (transposeB ? "ᵀ" : ""));
  }

  @Override
  public NdArray forward(NdArray a, NdArray b) {
    return Gemm.matmul(a, b, transposeA, transposeB);
  }

  @Override
  public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
    if (!transposeA && !transposeB) { // G·Bᵀ, Aᵀ·G
      return Grads.of(needed, () -> product(grad, b, false, true), () -> product(a, grad, true, false));
    }
    if (transposeA && !transposeB) { // B·Gᵀ, A·G
      return Grads.of(needed, () -> product(b, grad, false, true), () -> product(a, grad, false, false));
    }
    if (!transposeA) { // G·B, Gᵀ·A
      return Grads.of(needed, () -> product(grad, b, false, false), () -> product(grad, a, true, false));
    }
    // Bᵀ·Gᵀ, Gᵀ·Aᵀ
    return Grads.of(needed, () -> product(b, grad, true, true), () -> product(grad, a, true, true));
  }

  private static Tensor product(Tensor x, Tensor y, boolean transposeX, boolean transposeY) {
    return Tensor.apply(new MatMul(transposeX, transposeY), x, y);
  }

  @Override
  public Tensor jvp(Tensor ta, Tensor tb, Tensor a, Tensor b, Tensor out) {
    Tensor fromA = ta == null ? null : Tensor.apply(this, ta, b); // bilinear: ta·b + a·tb
    Tensor fromB = tb == null ? null : Tensor.apply(this, a, tb);
    return fromA == null ? fromB : fromB == null ? fromA : fromA.add(fromB);
  }

  @Override
  public Tensor vmap(Batch batch) {
    // a batched left matrix times an unbatched right one is one product with the batch stacked into the rows; otherwise the batch is one more batch axis of the product
    Shape a = batch.shape(0);
    if (batch.isBatched(0) && !batch.isBatched(1) && a.rank() == 2 && !transposeA) {
      Tensor rows = batch.get(0).reshape(batch.size() * a.dim(0), a.dim(1));
      return Tensor.apply(this, rows, batch.get(1)).reshape(batch.batched(shape(a, batch.shape(1))));
    }
    return Tensor.apply(this, batch.allExpanded());
  }
}
