package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.Shape;

import static com.google.common.base.Verify.verify;

/**
 * A row-major walk over a shape that reads dense arrays broadcast to it, one run along the innermost
 * axis at a time: the odometer behind every broadcasting kernel, which never materialises a broadcast.
 *
 * <p>Axes of extent 1 are dropped and neighbouring axes that every operand reads as one (contiguously,
 * or repeated) are merged, so {@code [64, 128] + [128]} is 64 runs of 128 and {@code [4, 5] + []} one run
 * of 20. Along a run each operand either advances by one ({@code step 1}) or repeats one element
 * ({@code step 0}). This is the one mutable object in the kernels, and it never leaves the loop that
 * made it.
 */
final class Walk {
  /** Elements per run. */
  final int length;
  /** Number of runs; {@code length · runs} is the shape's size. */
  final int runs;
  /** Per operand, 0 (repeats) or 1 (contiguous) along a run. */
  final int[] steps;
  /** Per operand, the position of the current run's first element. */
  final int[] offsets;

  private final int[] dims;
  private final int[][] strides;
  private final int[] index;

  private Walk(int length, int runs, int[] steps, int[] dims, int[][] strides) {
    this.length = length;
    this.runs = runs;
    this.steps = steps;
    this.offsets = new int[steps.length];
    this.dims = dims;
    this.strides = strides;
    this.index = new int[dims.length];
  }

  /** A walk over {@code shape} reading each of {@code operands} (dense, each broadcastable to it). */
  static Walk over(Shape shape, Storage... operands) {
    int count = operands.length;
    if (shape.size() == 0) {
      return new Walk(0, 0, new int[count], new int[0], new int[count][0]);
    }
    int[][] full = new int[count][];
    for (int k = 0; k < count; k++) {
      full[k] = Layout.broadcastStrides(operands[k].shape(), shape);
    }
    // merged axes, innermost first: extent and per-operand stride of each
    int[] extents = new int[shape.rank()];
    int[][] merged = new int[count][shape.rank()];
    int axes = 0;
    for (int a = shape.rank() - 1; a >= 0; a--) {
      int extent = shape.dim(a);
      if (extent == 1) {
        continue;
      }
      if (axes > 0 && continues(full, merged, a, axes - 1, extents[axes - 1])) {
        extents[axes - 1] *= extent;
        continue;
      }
      extents[axes] = extent;
      for (int k = 0; k < count; k++) {
        merged[k][axes] = full[k][a];
      }
      axes++;
    }
    int[] steps = new int[count];
    if (axes == 0) {
      return new Walk(1, 1, steps, new int[0], new int[count][0]);
    }
    int[] dims = new int[axes - 1];
    int[][] strides = new int[count][axes - 1];
    for (int i = 1; i < axes; i++) {
      dims[axes - 1 - i] = extents[i];
      for (int k = 0; k < count; k++) {
        strides[k][axes - 1 - i] = merged[k][i];
      }
    }
    for (int k = 0; k < count; k++) {
      steps[k] = merged[k][0];
      verify(steps[k] == 0 || steps[k] == 1, "walk: innermost stride %s of operand %s", steps[k], k);
    }
    return new Walk(extents[0], shape.size() / extents[0], steps, dims, strides);
  }

  /** Whether axis {@code a} continues merged axis {@code m} (of extent {@code extent}) in every operand. */
  private static boolean continues(int[][] full, int[][] merged, int a, int m, int extent) {
    for (int k = 0; k < full.length; k++) {
      if (full[k][a] != merged[k][m] * extent) {
        return false;
      }
    }
    return true;
  }

  /**
   * A walk of the same geometry, its own odometer set at run {@code run}: so that threads can each take a
   * range of the runs.
   */
  Walk at(int run) {
    Walk w = new Walk(length, runs, steps, dims, strides);
    for (int axis = dims.length - 1, rest = run; axis >= 0; axis--) {
      w.index[axis] = rest % dims[axis];
      rest /= dims[axis];
      for (int k = 0; k < offsets.length; k++) {
        w.offsets[k] += w.index[axis] * strides[k][axis];
      }
    }
    return w;
  }

  /** Moves {@link #offsets} to the next run, like an odometer over the outer axes. */
  void next() {
    for (int axis = dims.length - 1; axis >= 0; axis--) {
      index[axis]++;
      for (int k = 0; k < offsets.length; k++) {
        offsets[k] += strides[k][axis];
      }
      if (index[axis] < dims[axis]) {
        return;
      }
      index[axis] = 0;
      for (int k = 0; k < offsets.length; k++) {
        offsets[k] -= strides[k][axis] * dims[axis];
      }
    }
  }
}
