package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
import java.util.List;

/**
 * A linear layer's map {@code x·Wᵀ + b} for {@code x [m, k]}, {@code W [n, k]} and {@code b [n]}, as
 * PyTorch's {@code linear} (its {@code addmm}). A primitive: the bias is added to each tile of the product
 * as the tile is finished, while it is in cache, where the composition (a product, then a broadcast
 * addition) writes the product out, reads it back and allocates a second result. The same bits as the
 * composition; backward is the composition's ({@code ∂x = G·W}, {@code ∂W = Gᵀ·x}, {@code ∂b} the sum of
 * {@code G}'s rows), written with primitives, so it differentiates again.
 */
public record MatMulBias() implements Op, Primitive {
  @Override
  public String name() {
    return "linear";
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    checkArgument(inputs.size() == 3, "linear: expects x, W and b; got %s input(s)", inputs.size());
    Shape x = inputs.get(0);
    Shape w = inputs.get(1);
    Shape b = inputs.get(2);
    checkArgument(x.rank() == 2 && w.rank() == 2 && b.rank() == 1 && x.dim(1) == w.dim(1) && b.dim(0) == w.dim(0),
        "linear: x, W and b must be [m, k], [n, k] and [n]; got %s, %s, %s", x, w, b);
    return Shape.of(x.dim(0), w.dim(0));
  }

  @Override
  public NdArray forward(List<NdArray> inputs) {
    return Gemm.linear(inputs.get(0), inputs.get(1), inputs.get(2));
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    Grads grads = Grads.none(3);
    if (needed.get(0)) { // ∂x = G·W
      grads = grads.with(0, Tensor.apply(new MatMul(false, false), grad, inputs.get(1)));
    }
    if (needed.get(1)) { // ∂W = Gᵀ·x
      grads = grads.with(1, Tensor.apply(new MatMul(true, false), grad, inputs.get(0)));
    }
    if (needed.get(2)) { // the bias was repeated down the rows: sum them
      grads = grads.with(2, grad.sumTo(inputs.get(2).shape()));
    }
    return grads;
  }

  @Override
  public Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
    Tensor x = inputs.get(0);
    Tensor w = inputs.get(1);
    Tensor tangent = tangents.get(0) == null ? null : tangents.get(0).matmulTransposed(w); // tx·Wᵀ + x·tWᵀ + tb
    if (tangents.get(1) != null) {
      Tensor fromW = x.matmulTransposed(tangents.get(1));
      tangent = tangent == null ? fromW : tangent.add(fromW);
    }
    if (tangents.get(2) != null) {
      tangent = tangent == null ? tangents.get(2).broadcastTo(out.shape()) : tangent.add(tangents.get(2));
    }
    return tangent == null ? Tensor.zeros(out.shape(), out.dtype()) : tangent;
  }

  @Override
  public Tensor vmap(Batch batch) {
    if (batch.isBatched(0) && !batch.isBatched(1) && !batch.isBatched(2)) { // the batch stacked into the rows: one product
      Shape x = batch.shape(0);
      Tensor rows = batch.get(0).reshape(batch.size() * x.dim(0), x.dim(1));
      return Tensor.apply(this, rows, batch.get(1), batch.get(2)).reshape(batch.size(), x.dim(0), batch.shape(1).dim(0));
    }
    // otherwise the composition, batched: a product per member and a broadcast addition
    return batch.expanded(0).matmul(batch.expanded(1).transpose(-2, -1)).add(batch.expanded(2).unsqueeze(1));
  }
}
