package dev.chainrule.autodiff.kernel.gemm;

/**
 * One thread's attention heads for {@link AttentionHeads}: its scratch (the scaled queries, one product's
 * padded result) and the steps of one head. Head {@code (b, h)} of the queries is the {@code L × d} matrix
 * at {@code queryOffset(b, h)} whose rows are {@code H·d} apart, and likewise for keys, values and the
 * output; head {@code (b, h)} of the weights is the dense {@code L × S} matrix at {@code weightsOffset(b, h)}.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
final class HeadWork<A> {
  private final HeadLines<A> lines;
  private final AttentionHeads.Geometry g;
  private final SmallProduct<A> product;
  private final double divisor;
  /** {@code Q / √d} of the current head, {@code L × d}. */
  private final A scaled;
  /** One product's result, rows padded to whole tiles, before it is copied out. */
  private final A result;

  HeadWork(HeadLines<A> lines, MicroKernel kernel, AttentionHeads.Geometry g) {
    this.lines = lines;
    this.g = g;
    this.product = new SmallProduct<>(lines.precision(), kernel);
    this.divisor = Math.sqrt(g.depth());
    this.scaled = lines.precision().allocate(g.targets() * g.depth());
    int longest = Math.max(g.targets(), g.sources());
    this.result = product.scratch(longest, Math.max(g.sources(), Math.max(g.depth(), g.valueDepth())));
  }

  /** Head {@code (b, h)} of the weights, {@code softmax(Q·Kᵀ / √d + mask)}, into {@code into}. */
  void weights(A q, A k, A mask, A into, int b, int h) {
    int at = g.weightsOffset(b, h);
    int targets = g.targets();
    int sources = g.sources();
    scale(q, b, h);
    product.multiply(scaled, 0, g.depth(), 1, k, g.keyOffset(b, h), 1, g.width(), targets, sources, g.depth(), result);
    SmallProduct.copyRows(result, 0, product.paddedColumns(sources), into, at, sources, targets, sources);
    if (mask != null) {
      lines.addMask(into, at, mask, g.maskOffset(b, h), targets, sources);
    }
    int row = (b * g.heads() + h) * targets;
    lines.softmax(into, sources, row, row + targets);
  }

  /** Head {@code (b, h)} of the weights' backward: {@code ∂Q = ∂S·K / √d} and {@code ∂K = ∂Sᵀ·(Q / √d)} into {@code into}, null ones skipped. */
  void weightsBackward(A scoreGrads, A q, A k, A[] into, int b, int h) {
    int at = g.weightsOffset(b, h);
    int d = g.depth();
    int targets = g.targets();
    int sources = g.sources();
    if (into[0] != null) {
      product.multiply(scoreGrads, at, sources, 1, k, g.keyOffset(b, h), g.width(), 1, targets, d, sources, result);
      lines.divided(result, 0, product.paddedColumns(d), targets, d, divisor, into[0], g.queryOffset(b, h), g.width());
    }
    if (into[1] != null) {
      scale(q, b, h);
      product.multiply(scoreGrads, at, 1, sources, scaled, 0, d, 1, sources, d, targets, result);
      SmallProduct.copyRows(result, 0, product.paddedColumns(d), into[1], g.keyOffset(b, h), g.width(), sources, d);
    }
  }

  /** Head {@code (b, h)} of the output, {@code P·V}, into {@code out}. */
  void values(A weights, A v, A out, int b, int h) {
    int dv = g.valueDepth();
    int ev = g.valueWidth();
    product.multiply(weights, g.weightsOffset(b, h), g.sources(), 1, v, g.valueOffset(b, h), ev, 1,
        g.targets(), dv, g.sources(), result);
    SmallProduct.copyRows(result, 0, product.paddedColumns(dv), out, g.outputOffset(b, h), ev, g.targets(), dv);
  }

  /** Head {@code (b, h)} of the output's backward: {@code ∂P = ∂O·Vᵀ} and {@code ∂V = Pᵀ·∂O} into {@code into}, null ones skipped. */
  void valuesBackward(A grad, A weights, A v, A[] into, int b, int h) {
    int dv = g.valueDepth();
    int ev = g.valueWidth();
    int targets = g.targets();
    int sources = g.sources();
    int gradAt = g.outputOffset(b, h);
    int at = g.weightsOffset(b, h);
    if (into[0] != null) {
      product.multiply(grad, gradAt, ev, 1, v, g.valueOffset(b, h), 1, ev, targets, sources, dv, result);
      SmallProduct.copyRows(result, 0, product.paddedColumns(sources), into[0], at, sources, targets, sources);
    }
    if (into[1] != null) {
      product.multiply(weights, at, 1, sources, grad, gradAt, ev, 1, sources, dv, targets, result);
      SmallProduct.copyRows(result, 0, product.paddedColumns(dv), into[1], g.valueOffset(b, h), ev, sources, dv);
    }
  }

  /** {@link #scaled} for head {@code (b, h)}. */
  private void scale(A q, int b, int h) {
    int d = g.depth();
    lines.divided(q, g.queryOffset(b, h), g.width(), g.targets(), d, divisor, scaled, 0, d);
  }
}
