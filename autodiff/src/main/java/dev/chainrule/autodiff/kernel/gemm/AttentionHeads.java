package dev.chainrule.autodiff.kernel.gemm;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Threads;

/**
 * Multi-head attention's two halves, one head at a time, reading the heads in place from arrays laid out
 * as projections produce them (queries {@code [N, L, H·d]}, keys {@code [N, S, H·d]}, values
 * {@code [N, S, H·dv]}) and writing the output joined ({@code [N, L, H·dv]}): the weights
 * {@code P = softmax(Q·Kᵀ / √d + mask)} of every head ({@code [N, H, L, S]}), and the output {@code P·V};
 * and the backward of each. No head is copied out and back, and each head's products, mask and softmax run
 * while it is in one thread's cache.
 *
 * <p>Every step is the one the composition (split heads, divide by the dtype's {@code √d}, product, add
 * the mask, softmax, product, join heads) computes, in the same order ({@link SmallProduct}'s products,
 * {@code SoftmaxLines}' rows), so the results agree with it bit for bit. Heads are split across threads,
 * each head computed by one thread, so the thread count never changes a result.
 */
public final class AttentionHeads {
  private AttentionHeads() {}

  /**
   * The sizes of one call.
   *
   * @param batch {@code N}
   * @param targets {@code L}, the queries per sequence
   * @param sources {@code S}, the keys and values per sequence
   * @param heads {@code H}
   * @param depth {@code d}, a query's and a key's width per head (0 when only values are read)
   * @param valueDepth {@code dv}, a value's width per head (0 when only queries and keys are read)
   * @param mask the additive mask's shape {@code [1 or N, 1 or H, L, S]}, or null
   */
  record Geometry(int batch, int targets, int sources, int heads, int depth, int valueDepth, Shape mask) {
    int width() {
      return heads * depth;
    }

    int valueWidth() {
      return heads * valueDepth;
    }

    int queryOffset(int b, int h) {
      return b * targets * width() + h * depth;
    }

    int keyOffset(int b, int h) {
      return b * sources * width() + h * depth;
    }

    int valueOffset(int b, int h) {
      return b * sources * valueWidth() + h * valueDepth;
    }

    int outputOffset(int b, int h) {
      return b * targets * valueWidth() + h * valueDepth;
    }

    int weightsOffset(int b, int h) {
      return (b * heads + h) * targets * sources;
    }

    int maskOffset(int b, int h) {
      int perHead = mask.dim(1) == 1 ? 0 : h;
      int perBatch = mask.dim(0) == 1 ? 0 : b;
      return (perBatch * mask.dim(1) + perHead) * targets * sources;
    }

    Shape weights() {
      return Shape.of(batch, heads, targets, sources);
    }

    /** The sizes of queries {@code [N, L, H·d]} against keys {@code [N, S, H·d]}, with a mask's shape or null. */
    static Geometry ofQueries(Shape q, Shape k, Shape mask, int heads) {
      return new Geometry(q.dim(0), q.dim(1), k.dim(1), heads, q.dim(2) / heads, 0, mask);
    }

    /** The sizes of weights {@code [N, H, L, S]} applied to values {@code [N, S, H·dv]}. */
    static Geometry ofWeights(Shape p, Shape v) {
      return new Geometry(p.dim(0), p.dim(2), p.dim(3), p.dim(1), 0, v.dim(2) / p.dim(1), null);
    }
  }

  /** The weights {@code [N, H, L, S]} of queries {@code q} over keys {@code k}, with an additive {@code mask} or null. */
  public static NdArray weights(NdArray q, NdArray k, NdArray mask, int heads) {
    return weights(lines(q), q, k, mask, heads);
  }

  /**
   * The gradients of queries and keys, each null unless wanted, for the gradient {@code scoreGrads} of the
   * scores {@code Q·Kᵀ / √d + mask} (softmax's backward, applied by the caller).
   */
  public static NdArray[] weightsBackward(NdArray scoreGrads, NdArray q, NdArray k, int heads, boolean wantQ, boolean wantK) {
    return weightsBackward(lines(q), scoreGrads, q, k, heads, new boolean[] {wantQ, wantK});
  }

  /** The output {@code [N, L, H·dv]}: head {@code h} is {@code P_h·V_h} for weights {@code p [N, H, L, S]}. */
  public static NdArray values(NdArray p, NdArray v) {
    return values(lines(p), p, v);
  }

  /** The gradients of the weights and of the values, each null unless wanted, for the output's gradient {@code grad}. */
  public static NdArray[] valuesBackward(NdArray grad, NdArray p, NdArray v, boolean wantWeights, boolean wantValues) {
    return valuesBackward(lines(p), grad, p, v, new boolean[] {wantWeights, wantValues});
  }

  private static HeadLines<?> lines(NdArray x) {
    return x.dtype() == DType.FLOAT64 ? HeadLines.FLOAT64 : HeadLines.FLOAT32;
  }

  private static <A> NdArray weights(HeadLines<A> lines, NdArray q, NdArray k, NdArray mask, int heads) {
    Geometry g = Geometry.ofQueries(q.shape(), k.shape(), mask == null ? null : mask.shape(), heads);
    A[] in = lines.elements(q, k, mask);
    A out = lines.precision().allocate(g.weights().size());
    eachHead(lines, g, (work, b, h) -> work.weights(in[0], in[1], in[2], out, b, h));
    return lines.array(g.weights(), out);
  }

  private static <A> NdArray[] weightsBackward(HeadLines<A> lines, NdArray scoreGrads, NdArray q, NdArray k, int heads,
      boolean[] wanted) {
    Geometry g = Geometry.ofQueries(q.shape(), k.shape(), null, heads);
    A[] in = lines.elements(scoreGrads, q, k);
    return gradients(lines, g, wanted, new NdArray[] {q, k}, (work, into, b, h) -> work.weightsBackward(in[0], in[1], in[2], into, b, h));
  }

  private static <A> NdArray values(HeadLines<A> lines, NdArray p, NdArray v) {
    Geometry g = Geometry.ofWeights(p.shape(), v.shape());
    Shape shape = Shape.of(g.batch(), g.targets(), g.valueWidth());
    A[] in = lines.elements(p, v);
    A out = lines.precision().allocate(shape.size());
    eachHead(lines, g, (work, b, h) -> work.values(in[0], in[1], out, b, h));
    return lines.array(shape, out);
  }

  private static <A> NdArray[] valuesBackward(HeadLines<A> lines, NdArray grad, NdArray p, NdArray v, boolean[] wanted) {
    Geometry g = Geometry.ofWeights(p.shape(), v.shape());
    A[] in = lines.elements(grad, p, v);
    return gradients(lines, g, wanted, new NdArray[] {p, v}, (work, into, b, h) -> work.valuesBackward(in[0], in[1], in[2], into, b, h));
  }

  /** The gradients of {@code inputs} that are wanted, shaped like them, each head's part written by {@code step}. */
  private static <A> NdArray[] gradients(HeadLines<A> lines, Geometry g, boolean[] wanted, NdArray[] inputs, GradientStep<A> step) {
    A[] into = lines.elements(new NdArray[inputs.length]);
    for (int i = 0; i < inputs.length; i++) {
      into[i] = wanted[i] ? lines.precision().allocate(inputs[i].size()) : null;
    }
    eachHead(lines, g, (work, b, h) -> step.run(work, into, b, h));
    NdArray[] grads = new NdArray[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      grads[i] = wanted[i] ? lines.array(inputs[i].shape(), into[i]) : null;
    }
    return grads;
  }

  /** Runs {@code step} for every head, the heads split across threads, each thread with its own {@link HeadWork}. */
  private static <A> void eachHead(HeadLines<A> lines, Geometry g, Step<A> step) {
    long multiplyAdds = (long) g.batch() * g.heads() * g.targets() * g.sources() * Math.max(1, g.depth() + g.valueDepth());
    Kernels kernels = Kernels.configured();
    int threads = (int) Math.min(kernels.threads(), Math.max(1, multiplyAdds / Gemm.MULTIPLY_ADDS_PER_THREAD));
    Threads.ranges(g.batch() * g.heads(), threads, (from, to) -> {
      HeadWork<A> work = new HeadWork<>(lines, kernels.microKernel(), g);
      for (int head = from; head < to; head++) {
        step.run(work, head / g.heads(), head % g.heads());
      }
    });
  }

  private interface Step<A> {
    void run(HeadWork<A> work, int b, int h);
  }

  private interface GradientStep<A> {
    void run(HeadWork<A> work, A[] into, int b, int h);
  }
}
