package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.AttendedValues;
import dev.chainrule.autodiff.op.AttentionWeights;
import dev.chainrule.autodiff.op.MatMul;
import dev.chainrule.autodiff.op.MatMulBias;
import java.util.Arrays;

/**
 * The matrix products of {@link Tensor}: {@code matmul} with NumPy's rules, the {@code x·Wᵀ} and
 * {@code x·Wᵀ + b} forms of a linear layer, which read {@code W} transposed in place, and multi-head
 * attention.
 */
public sealed interface MatrixOps permits Tensor {
  private Tensor self() {
    return (Tensor) this;
  }

  /**
   * Matrix product with NumPy's rules: vectors are promoted (and the added axis removed again), and
   * leading batch axes broadcast. {@code [2, 3] @ [3, 4]} → {@code [2, 4]}; {@code [3] @ [3]} → scalar.
   *
   * @param other the right operand, of this dtype, with at least one axis
   * @return the product
   */
  default Tensor matmul(Tensor other) {
    Shape a = self().shape();
    Shape b = other.shape();
    checkArgument(a.rank() >= 1 && b.rank() >= 1, "matmul: operands need rank >= 1; got %s @ %s", a, b);
    Tensor x = a.rank() == 1 ? self().unsqueeze(0) : self();
    Tensor y = b.rank() == 1 ? other.unsqueeze(1) : other;
    checkArgument(x.shape().dim(-1) == y.shape().dim(-2), "matmul: inner dimensions differ; got %s @ %s", a, b);
    if (x.rank() > 2 || y.rank() > 2) {
      Shape batchA = batchShape(x.shape());
      Shape batchB = batchShape(y.shape());
      Shape batch;
      try {
        batch = Shape.broadcast("matmul", batchA, batchB);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("matmul: batch dimensions cannot be broadcast; got " + a + " @ " + b, e);
      }
      x = x.broadcastTo(withMatrix(batch, x.shape()));
      y = y.broadcastTo(withMatrix(batch, y.shape()));
    }
    Tensor out = Tensor.apply(new MatMul(false, false), x, y);
    if (a.rank() == 1) {
      out = out.squeeze(-2);
    }
    return b.rank() == 1 ? out.squeeze(-1) : out;
  }

  /**
   * {@code this · otherᵀ} for matrices {@code [m, k]} and {@code [n, k]}: a linear layer's product with its
   * {@code [out, in]} weight, which the kernel reads transposed in place.
   *
   * @param other the right operand {@code [n, k]}, of this dtype
   * @return the product {@code [m, n]}
   */
  default Tensor matmulTransposed(Tensor other) {
    return Tensor.apply(new MatMul(false, true), self(), other);
  }

  /**
   * {@code this · weightᵀ + bias} for {@code this [m, k]}, {@code weight [n, k]} and {@code bias [n]}: a
   * linear layer, as PyTorch's {@code linear}; the bias is added to the product's tiles as they are
   * finished, the same values as {@code matmulTransposed(weight).add(bias)} without their second pass.
   *
   * @param weight the weight {@code [n, k]}, of this dtype
   * @param bias the bias {@code [n]}, of this dtype
   * @return {@code [m, n]}
   */
  default Tensor linear(Tensor weight, Tensor bias) {
    return Tensor.apply(new MatMulBias(), self(), weight, bias);
  }

  /**
   * Multi-head scaled dot-product attention with this tensor as the queries {@code [N, L, H·d]}, the heads
   * side by side in the last axis as a projection produces them: head {@code h} of the result
   * {@code [N, L, H·dv]} is {@code softmax(Q_h·K_hᵀ / √d)·V_h}. The two primitives {@link AttentionWeights}
   * and {@link AttendedValues} read every head in place.
   *
   * @param key the keys {@code [N, S, H·d]}
   * @param value the values {@code [N, S, H·dv]}
   * @param heads {@code H}
   * @return the attended values of every head, side by side
   */
  default Tensor scaledDotProductAttention(Tensor key, Tensor value, int heads) {
    checkValues(key.shape(), value.shape(), heads);
    return Tensor.apply(new AttendedValues(), Tensor.apply(new AttentionWeights(heads), self(), key), value);
  }

  /**
   * {@link #scaledDotProductAttention(Tensor, Tensor, int)} with {@code mask} added to every head's scores
   * before the softmax: {@code −∞} hides a key from a query, 0 keeps it, and finite values bias the scores
   * (they are differentiable too, as an additive position bias needs).
   *
   * @param key the keys {@code [N, S, H·d]}
   * @param value the values {@code [N, S, H·dv]}
   * @param heads {@code H}
   * @param mask the additive mask {@code [1 or N, 1 or H, L, S]}, of this dtype
   * @return the attended values of every head, side by side
   */
  default Tensor scaledDotProductAttention(Tensor key, Tensor value, int heads, Tensor mask) {
    checkValues(key.shape(), value.shape(), heads);
    return Tensor.apply(new AttendedValues(), Tensor.apply(new AttentionWeights(heads), self(), key, mask), value);
  }

  private static void checkValues(Shape k, Shape v, int heads) {
    checkArgument(heads > 0, "scaledDotProductAttention: heads must be positive; got %s", heads);
    checkArgument(k.rank() == 3 && v.rank() == 3 && k.dim(0) == v.dim(0) && k.dim(1) == v.dim(1) && heads > 0
            && v.dim(2) > 0 && v.dim(2) % heads == 0,
        "scaledDotProductAttention: keys and values must be [N, S, H·d] and [N, S, H·dv] for %s heads; got %s, %s", heads, k, v);
  }

  private static Shape batchShape(Shape s) {
    return Shape.of(Arrays.copyOf(s.toArray(), s.rank() - 2));
  }

  private static Shape withMatrix(Shape batch, Shape matrix) {
    int[] dims = Arrays.copyOf(batch.toArray(), batch.rank() + 2);
    dims[batch.rank()] = matrix.dim(-2);
    dims[batch.rank() + 1] = matrix.dim(-1);
    return Shape.of(dims);
  }
}
