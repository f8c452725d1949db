package dev.chainrule.autodiff.kernel.recurrent;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-element loops of {@link LstmCells}' sweeps ({@link CellLoops}) in float32 on the Vector API: the
 * plain loops' operations, one lane per element, in the same order (Java neither fuses nor reorders them),
 * so the same bits. The JIT leaves those loops scalar, since they read and write one array type at different offsets:
 * the backward's gate gradients took about 10 ns an element on the Xeon of {@code docs/performance.md},
 * against about 2 here, the forward's gate sums 1.8 ns. Each method covers whole vectors from 0 and returns
 * the first element left for the plain loop.
 *
 * <p>Load this class only when the Vector API was selected ({@code kernel.gemm.Gemm#vectorized}): it links
 * against the incubator module.
 */
final class VectorCells {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  private VectorCells() {}

  /** {@code CellLoops.gateGradients}. */
  static int gateGradients(float[] grad, int at, float[] hiddenGrad, float[] cellGrad, int c0, float[] sigmoids, int g,
      float[] candidates, float[] tanhCells, int kept, float[] state, int cellAt, float[] stepGrads, int row, int width) {
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int k = 0;
    for (; k <= width - FLOATS.length(); k += FLOATS.length()) {
      FloatVector dh = FloatVector.fromArray(FLOATS, grad, at + k).add(FloatVector.fromArray(FLOATS, hiddenGrad, c0 + k));
      FloatVector tanh = FloatVector.fromArray(FLOATS, tanhCells, kept + k);
      FloatVector input = FloatVector.fromArray(FLOATS, sigmoids, g + k);
      FloatVector forget = FloatVector.fromArray(FLOATS, sigmoids, g + width + k);
      FloatVector candidate = FloatVector.fromArray(FLOATS, candidates, kept + k);
      FloatVector output = FloatVector.fromArray(FLOATS, sigmoids, g + 3 * width + k);
      FloatVector dc = FloatVector.fromArray(FLOATS, grad, at + width + k).add(FloatVector.fromArray(FLOATS, cellGrad, c0 + k))
          .add(dh.mul(output).mul(one.sub(tanh.mul(tanh))));
      dc.mul(candidate).mul(input).mul(one.sub(input)).intoArray(stepGrads, row + k);
      dc.mul(FloatVector.fromArray(FLOATS, state, cellAt + k)).mul(forget).mul(one.sub(forget)).intoArray(stepGrads, row + width + k);
      dc.mul(input).mul(one.sub(candidate.mul(candidate))).intoArray(stepGrads, row + 2 * width + k);
      dh.mul(tanh).mul(output).mul(one.sub(output)).intoArray(stepGrads, row + 3 * width + k);
      dc.mul(forget).intoArray(cellGrad, c0 + k);
    }
    return k;
  }

  /** {@code CellLoops.sums}. */
  static int sums(float[] pre, int at, float[] bias, float[] recurrent, int recurrentAt, float[] out, int count) {
    int k = 0;
    for (; k <= count - FLOATS.length(); k += FLOATS.length()) {
      FloatVector.fromArray(FLOATS, pre, at + k).add(FloatVector.fromArray(FLOATS, bias, k))
          .add(FloatVector.fromArray(FLOATS, recurrent, recurrentAt + k)).intoArray(out, at + k);
    }
    return k;
  }

  /** {@code CellLoops.cellStates}. */
  static int cellStates(float[] sigmoids, int g0, float[] before, int beforeAt, float[] candidates, float[] cells, int at, int width) {
    int k = 0;
    for (; k <= width - FLOATS.length(); k += FLOATS.length()) {
      FloatVector forgotten = FloatVector.fromArray(FLOATS, sigmoids, g0 + width + k).mul(FloatVector.fromArray(FLOATS, before, beforeAt + k));
      forgotten.add(FloatVector.fromArray(FLOATS, sigmoids, g0 + k).mul(FloatVector.fromArray(FLOATS, candidates, at + k)))
          .intoArray(cells, at + k);
    }
    return k;
  }

  /** {@code CellLoops.products}. */
  static int products(float[] a, int aAt, float[] b, int bAt, float[] out, int outAt, int count) {
    int k = 0;
    for (; k <= count - FLOATS.length(); k += FLOATS.length()) {
      FloatVector.fromArray(FLOATS, a, aAt + k).mul(FloatVector.fromArray(FLOATS, b, bAt + k)).intoArray(out, outAt + k);
    }
    return k;
  }
}
