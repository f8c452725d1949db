package dev.chainrule.autodiff.array;

/**
 * Which operands a product packs, and which it reads in place: a packed operand is copied into panels
 * block by block ({@link Packing}); an operand read in place is handed to the {@link MicroKernel} through
 * its own strides, and only its partial edge panels are packed.
 *
 * <p>Packing pays when a panel is reused often: a row panel of {@code op(A)} is read once per column
 * panel of {@code op(B)}, and a column panel of {@code op(B)} once per row panel of {@code op(A)}. For the
 * small and skinny products of a training step (a batch of 64 rows, 64-128 columns) the copy costs more
 * than it saves, so they read in place. {@code op(B)} can be read in place only when its columns are
 * adjacent in storage ({@code B} not transposed); {@code op(A)} always can, one broadcast per element.
 *
 * @param packA pack {@code op(A)}, rather than read it in place
 * @param packB pack {@code op(B)}, rather than read it in place; always true for a transposed {@code B}
 */
record PackingPlan(boolean packA, boolean packB) {
  /** Most columns of {@code C} for which {@code op(A)} is read in place. */
  static final int A_IN_PLACE_MAX_COLUMNS = 256;

  /** Most rows of {@code C} for which {@code op(B)} is read in place. */
  static final int B_IN_PLACE_MAX_ROWS = 128;

  /** Packs both operands. */
  static final PackingPlan PACK_BOTH = new PackingPlan(true, true);

  /** The plan that suits {@code shape}. */
  static PackingPlan forShape(GemmShape shape) {
    return new PackingPlan(shape.n() > A_IN_PLACE_MAX_COLUMNS, shape.m() > B_IN_PLACE_MAX_ROWS);
  }

  /** This plan, with {@code op(B)} packed when {@code shape} stores it transposed. */
  PackingPlan feasibleFor(GemmShape shape) {
    return shape.transposeB() && !packB ? new PackingPlan(packA, true) : this;
  }
}
