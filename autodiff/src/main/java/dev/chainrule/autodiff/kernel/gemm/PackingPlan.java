package dev.chainrule.autodiff.kernel.gemm;

/**
 * Whether a product packs {@code op(B)} into panels block by block ({@link Packing}) or reads it in place,
 * handing the {@link MicroKernel} its own strides and packing only its partial edge panel.
 *
 * <p>{@code op(A)} is always read in place (one broadcast per element, from a row of {@code A} or, when
 * transposed, from consecutive elements), which measured as fast as packing it on every shape, large or
 * small. Packing {@code op(B)} pays when each column panel serves many row panels and when its rows are
 * far apart in memory; for the short products of a training step (a batch of 64 rows) the copy costs more
 * than it saves. A transposed {@code B} has no adjacent columns, so it is always packed.
 */
enum PackingPlan {
  /** Pack {@code op(B)}. */
  PACK_B,
  /** Read {@code op(B)} in place, when {@code B} is not transposed. */
  B_IN_PLACE;

  /** Most rows of {@code C} for which {@code op(B)} is read in place. */
  static final int B_IN_PLACE_MAX_ROWS = 256;

  /** The plan that suits {@code shape}. */
  static PackingPlan forShape(GemmShape shape) {
    return shape.m() <= B_IN_PLACE_MAX_ROWS && !shape.transposeB() ? B_IN_PLACE : PACK_B;
  }

  /** True when {@code op(B)} is packed for {@code shape}: always when {@code B} is transposed. */
  boolean packsB(GemmShape shape) {
    return this == PACK_B || shape.transposeB();
  }
}
