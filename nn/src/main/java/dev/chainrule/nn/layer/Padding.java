package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which sequences are still running at each time step. A finished sequence keeps its state (so padding
 * never reaches the final state, and the reverse direction starts at its last real step) and outputs zero,
 * as PyTorch's packed sequences do.
 */
final class Padding {
  private final int[] lengths;
  private final DType dtype;
  private final int shortest;

  Padding(int[] lengths, DType dtype) {
    this.lengths = lengths;
    this.dtype = dtype;
    this.shortest = Arrays.stream(lengths).min().orElse(0);
  }

  /** Every one of {@code batch} sequences running for all {@code steps}. */
  static Padding none(int steps, int batch, DType dtype) {
    int[] lengths = new int[batch];
    Arrays.fill(lengths, steps);
    return new Padding(lengths, dtype);
  }

  /** True when every sequence runs all {@code steps}: no step needs {@link #keep} or {@link #output}. */
  boolean runsAll(int steps) {
    return shortest >= steps;
  }

  /** {@code next} for the sequences running at step {@code t}, {@code previous} for the finished ones. */
  List<Tensor> keep(int t, List<Tensor> next, List<Tensor> previous) {
    if (t < shortest) {
      return next;
    }
    Tensor running = running(t);
    List<Tensor> kept = new ArrayList<>();
    for (int s = 0; s < next.size(); s++) {
      kept.add(Tensor.where(running, next.get(s), previous.get(s)));
    }
    return kept;
  }

  /** The hidden state {@code h} as step {@code t}'s output: zero for the finished sequences. */
  Tensor output(int t, Tensor h) {
    return t < shortest ? h : Tensor.where(running(t), h, Tensor.scalar(0, dtype));
  }

  /** {@code [N, 1]}: 1 for the sequences longer than {@code t}, else 0. */
  private Tensor running(int t) {
    double[] flags = new double[lengths.length];
    for (int n = 0; n < lengths.length; n++) {
      flags[n] = t < lengths[n] ? 1 : 0;
    }
    return Tensor.of(NdArray.of(Shape.of(lengths.length, 1), flags).to(dtype));
  }
}
