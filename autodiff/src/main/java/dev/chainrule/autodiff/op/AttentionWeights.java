package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.SoftmaxLines;
import dev.chainrule.autodiff.kernel.gemm.AttentionHeads;
import java.util.ArrayList;
import java.util.List;

/**
 * Attention's weights over heads packed side by side in the last axis, as projections produce them: for
 * queries {@code q [N, L, H·d]}, keys {@code k [N, S, H·d]} and an optional additive mask
 * {@code [1 or N, 1 or H, L, S]} (−∞ hides a key; finite values bias the scores, and get the scores'
 * gradient summed over what they are repeated across), the weights {@code [N, H, L, S]} of head {@code h}
 * are {@code softmax(Q_h·K_hᵀ / √d + mask)}. {@link AttendedValues} finishes attention.
 *
 * <p>A primitive: the composition splits the heads out with two copies, keeps the scaled queries, the
 * scores and the masked scores for its backward and makes seven passes over them; this reads each head in
 * place and computes its scores, mask and softmax while they are in one thread's cache. The fused backward
 * (softmax's backward, then two products a head) runs when nothing records; while something does (a higher
 * order, forward mode over a gradient, a batched call) backward is composed of primitives, so its own
 * derivatives follow. Forward and both backwards agree with the composition bit for bit.
 *
 * @param heads {@code H}, which divides the width of queries and keys
 */
public record AttentionWeights(int heads) implements Op, Primitive {
  /** Checks the head count. */
  public AttentionWeights {
    checkArgument(heads > 0, "attentionWeights: heads must be positive; got %s", heads);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    checkArgument(inputs.size() == 2 || inputs.size() == 3,
        "attentionWeights: expects queries, keys and an optional mask; got %s input(s)", inputs.size());
    Shape q = inputs.get(0);
    Shape k = inputs.get(1);
    checkArgument(q.rank() == 3 && k.rank() == 3 && q.dim(0) == k.dim(0) && q.dim(2) == k.dim(2),
        "attentionWeights: queries and keys must be [N, L, H·d] and [N, S, H·d]; got %s, %s", q, k);
    checkArgument(q.dim(2) > 0 && q.dim(2) % heads == 0,
        "attentionWeights: %s heads must divide the width of queries and keys; got %s, %s", heads, q, k);
    Shape weights = Shape.of(q.dim(0), heads, q.dim(1), k.dim(1));
    if (inputs.size() == 3) {
      Shape m = inputs.get(2);
      checkArgument(m.rank() == 4 && (m.dim(0) == 1 || m.dim(0) == q.dim(0)) && (m.dim(1) == 1 || m.dim(1) == heads)
              && m.dim(2) == q.dim(1) && m.dim(3) == k.dim(1),
          "attentionWeights: the mask must be [1 or N, 1 or H, L, S] = [1 or %s, 1 or %s, %s, %s]; got %s",
          q.dim(0), heads, q.dim(1), k.dim(1), m);
    }
    return weights;
  }

  @Override
  public NdArray forward(List<NdArray> inputs) {
    return AttentionHeads.weights(inputs.get(0), inputs.get(1), inputs.size() == 3 ? inputs.get(2) : null, heads);
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    Grads grads = Grads.none(inputs.size());
    Tensor q = inputs.get(0);
    Tensor k = inputs.get(1);
    boolean maskNeeded = inputs.size() == 3 && needed.get(2);
    if (!Autodiff.isRecording() && inputs.stream().noneMatch(Tensor::isBatched) && !grad.isBatched() && !out.isBatched()) {
      NdArray scoreGrads = SoftmaxLines.backward(grad.value(), out.value(), out.shape().dim(3));
      NdArray[] arrays = AttentionHeads.weightsBackward(scoreGrads, q.value(), k.value(), heads, needed.get(0), needed.get(1));
      for (int i = 0; i < 2; i++) {
        grads = arrays[i] == null ? grads : grads.with(i, Tensor.of(arrays[i]));
      }
      return maskNeeded ? grads.with(2, Tensor.of(scoreGrads).sumTo(inputs.get(2).shape())) : grads;
    }
    Tensor scores = out.mul(grad.sub(grad.mul(out).sum(Axes.keep(-1)))); // softmax's backward
    if (maskNeeded) { // added to the scores: their gradient, summed over what the mask is repeated across
      grads = grads.with(2, scores.sumTo(inputs.get(2).shape()));
    }
    double divisor = Math.sqrt(q.shape().dim(2) / heads);
    if (needed.get(0)) { // ∂Q = ∂S·K / √d
      grads = grads.with(0, Heads.join(scores.matmul(Heads.split(k, heads)).div(divisor)));
    }
    if (needed.get(1)) { // ∂K = ∂Sᵀ·(Q / √d)
      grads = grads.with(1, Heads.join(scores.transpose(-2, -1).matmul(Heads.split(q, heads).div(divisor))));
    }
    return grads;
  }

  @Override
  public Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
    double divisor = Math.sqrt(inputs.get(0).shape().dim(2) / heads);
    Tensor scores = null; // the scores' tangent: (tQ / √d)·Kᵀ + (Q / √d)·tKᵀ + tMask
    if (tangents.get(0) != null) {
      scores = Heads.split(tangents.get(0), heads).div(divisor).matmul(Heads.split(inputs.get(1), heads).transpose(-2, -1));
    }
    if (tangents.get(1) != null) {
      Tensor fromK = Heads.split(inputs.get(0), heads).div(divisor).matmul(Heads.split(tangents.get(1), heads).transpose(-2, -1));
      scores = scores == null ? fromK : scores.add(fromK);
    }
    if (tangents.size() == 3 && tangents.get(2) != null) {
      Tensor fromMask = tangents.get(2).broadcastTo(out.shape());
      scores = scores == null ? fromMask : scores.add(fromMask);
    }
    return scores == null ? Tensor.zeros(out.shape(), out.dtype()) : out.mul(scores.sub(scores.mul(out).sum(Axes.keep(-1))));
  }

  @Override
  public Tensor vmap(Batch batch) {
    if (batch.arity() == 3 && batch.isBatched(2)) {
      return batch.loop(this);
    }
    // the vmapped batch joins N: [B, N, …] → [B·N, …]; a mask per sequence is repeated for each batch member
    List<Tensor> joined = new ArrayList<>(List.of(Heads.joinBatch(batch.expanded(0)), Heads.joinBatch(batch.expanded(1))));
    if (batch.arity() == 3) {
      Tensor mask = batch.get(2);
      Shape m = mask.shape();
      joined.add(m.dim(0) == 1 ? mask : Heads.joinBatch(mask.unsqueeze(0).broadcastTo(batch.batched(m))));
    }
    return Heads.splitBatch(Tensor.apply(this, joined.toArray(new Tensor[0])), batch.size(), batch.shape(0).dim(0));
  }
}
