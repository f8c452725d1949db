package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.gemm.AttentionHeads;

/**
 * Attention's output over heads packed side by side in the last axis: for weights {@code p [N, H, L, S]}
 * (from {@link AttentionWeights}) and values {@code v [N, S, H·dv]}, head {@code h} of the output
 * {@code [N, L, H·dv]} is {@code P_h·V_h}, the heads joined side by side as the output projection reads them.
 *
 * <p>A primitive: the composition splits the values' heads out and joins the output's back, two copies
 * each way and two more in backward; this reads and writes every head in place. The fused backward runs
 * when nothing records, composed of primitives while something does. Both agree with the composition bit
 * for bit.
 */
public record AttendedValues() implements Op.Binary, Primitive {
  @Override
  public Shape shape(Shape p, Shape v) {
    checkArgument(p.rank() == 4 && v.rank() == 3 && p.dim(0) == v.dim(0) && p.dim(3) == v.dim(1)
            && p.dim(1) > 0 && v.dim(2) > 0 && v.dim(2) % p.dim(1) == 0,
        "attendedValues: weights and values must be [N, H, L, S] and [N, S, H·dv]; got %s, %s", p, v);
    return Shape.of(p.dim(0), p.dim(2), v.dim(2));
  }

  @Override
  public NdArray forward(NdArray p, NdArray v) {
    return AttentionHeads.values(p, v);
  }

  @Override
  public Grads backward(Tensor grad, Tensor p, Tensor v, Tensor out, Needed needed) {
    if (!Autodiff.isRecording() && !grad.isBatched() && !p.isBatched() && !v.isBatched()) {
      NdArray[] arrays = AttentionHeads.valuesBackward(grad.value(), p.value(), v.value(), needed.get(0), needed.get(1));
      return Grads.of(needed, () -> Tensor.of(arrays[0]), () -> Tensor.of(arrays[1]));
    }
    int heads = p.shape().dim(1);
    Tensor g = Heads.split(grad, heads);
    return Grads.of(needed, // ∂P = ∂O·Vᵀ, ∂V = Pᵀ·∂O
        () -> g.matmul(Heads.split(v, heads).transpose(-2, -1)), () -> Heads.join(p.transpose(-2, -1).matmul(g)));
  }

  @Override
  public Tensor jvp(Tensor tp, Tensor tv, Tensor p, Tensor v, Tensor out) {
    Tensor fromP = tp == null ? null : Tensor.apply(this, tp, v); // bilinear: tP·V + P·tV
    Tensor fromV = tv == null ? null : Tensor.apply(this, p, tv);
    return fromP == null ? fromV : fromV == null ? fromP : fromP.add(fromV);
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the vmapped batch joins N: [B, N, …] → [B·N, …]
    Tensor out = Tensor.apply(this, Heads.joinBatch(batch.expanded(0)), Heads.joinBatch(batch.expanded(1)));
    return Heads.splitBatch(out, batch.size(), batch.shape(0).dim(0));
  }
}
