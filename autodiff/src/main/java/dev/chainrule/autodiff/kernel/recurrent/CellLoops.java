package dev.chainrule.autodiff.kernel.recurrent;

import dev.chainrule.autodiff.kernel.gemm.Gemm;

/**
 * The per-element loops of one sequence's step in {@link LstmCells}' sweeps, in both dtypes: the forward's
 * gate sums, cell states and hidden states, and the backward's gate gradients. The float32 twins run whole
 * vectors through {@link VectorCells} when the Vector API is selected (the same bits) and finish here.
 */
final class CellLoops {
  private CellLoops() {}

  /** {@code out[at + k] = pre[at + k] + bias[k] + recurrent[recurrentAt + k]} for {@code k < count}: a step's gate pre-activations. */
  static void sums(double[] pre, int at, double[] bias, double[] recurrent, int recurrentAt, double[] out, int count) {
    int k = 0;
    for (; k < count; k++) {
      out[at + k] = pre[at + k] + bias[k] + recurrent[recurrentAt + k];
    }
  }

  /** {@code c = σ(f)·c_before + σ(i)·tanh(g)} for one sequence: its gates' logistics from {@code g0}, each state from its offset. */
  static void cellStates(double[] sigmoids, int g0, double[] before, int beforeAt, double[] candidates, double[] cells, int at, int width) {
    int k = 0;
    for (; k < width; k++) {
      cells[at + k] = sigmoids[g0 + width + k] * before[beforeAt + k] + sigmoids[g0 + k] * candidates[at + k];
    }
  }

  /** {@code out[outAt + k] = a[aAt + k] · b[bAt + k]} for {@code k < count}: a hidden state, {@code σ(o)·tanh(c)}. */
  static void products(double[] a, int aAt, double[] b, int bAt, double[] out, int outAt, int count) {
    int k = 0;
    for (; k < count; k++) {
      out[outAt + k] = a[aAt + k] * b[bAt + k];
    }
  }

  /** The float32 twins of the three loops above: in vectors when the Vector API is selected (the same bits). */
  static void sums(float[] pre, int at, float[] bias, float[] recurrent, int recurrentAt, float[] out, int count) {
    int k = Gemm.vectorized() ? VectorCells.sums(pre, at, bias, recurrent, recurrentAt, out, count) : 0;
    for (; k < count; k++) {
      out[at + k] = pre[at + k] + bias[k] + recurrent[recurrentAt + k];
    }
  }

  static void cellStates(float[] sigmoids, int g0, float[] before, int beforeAt, float[] candidates, float[] cells, int at, int width) {
    int k = Gemm.vectorized() ? VectorCells.cellStates(sigmoids, g0, before, beforeAt, candidates, cells, at, width) : 0;
    for (; k < width; k++) {
      cells[at + k] = sigmoids[g0 + width + k] * before[beforeAt + k] + sigmoids[g0 + k] * candidates[at + k];
    }
  }

  static void products(float[] a, int aAt, float[] b, int bAt, float[] out, int outAt, int count) {
    int k = Gemm.vectorized() ? VectorCells.products(a, aAt, b, bAt, out, outAt, count) : 0;
    for (; k < count; k++) {
      out[outAt + k] = a[aAt + k] * b[bAt + k];
    }
  }

  /**
   * One sequence's step of the backward sweep: the gradients of its four gate pre-activations into
   * {@code stepGrads} from {@code row}, and its cell's gradient carried to the step before, from the
   * output's gradient at {@code at}, the gradients carried from the step after at {@code c0}, what the
   * forward sweep kept, and the cell state before at {@code cellAt}.
   */
  static void gateGradients(double[] grad, int at, double[] hiddenGrad, double[] cellGrad, int c0, double[] sigmoids, int g,
      double[] candidates, double[] tanhCells, int kept, double[] state, int cellAt, double[] stepGrads, int row, int width) {
    int k = 0;
    for (; k < width; k++) {
      double dh = grad[at + k] + hiddenGrad[c0 + k];
      double tanh = tanhCells[kept + k];
      double input = sigmoids[g + k];
      double forget = sigmoids[g + width + k];
      double candidate = candidates[kept + k];
      double output = sigmoids[g + 3 * width + k];
      double dc = grad[at + width + k] + cellGrad[c0 + k] + dh * output * (1 - tanh * tanh);
      stepGrads[row + k] = dc * candidate * input * (1 - input); // σ' = σ(1 − σ)
      stepGrads[row + width + k] = dc * state[cellAt + k] * forget * (1 - forget);
      stepGrads[row + 2 * width + k] = dc * input * (1 - candidate * candidate); // tanh' = 1 − tanh²
      stepGrads[row + 3 * width + k] = dh * tanh * output * (1 - output);
      cellGrad[c0 + k] = dc * forget;
    }
  }

  /** The float32 twin of the one above: in vectors when the Vector API is selected (the same bits), the rest by the loop. */
  static void gateGradients(float[] grad, int at, float[] hiddenGrad, float[] cellGrad, int c0, float[] sigmoids, int g,
      float[] candidates, float[] tanhCells, int kept, float[] state, int cellAt, float[] stepGrads, int row, int width) {
    int k = Gemm.vectorized() ? VectorCells.gateGradients(grad, at, hiddenGrad, cellGrad, c0, sigmoids, g, candidates, tanhCells,
        kept, state, cellAt, stepGrads, row, width) : 0;
    for (; k < width; k++) {
      float dh = grad[at + k] + hiddenGrad[c0 + k];
      float tanh = tanhCells[kept + k];
      float input = sigmoids[g + k];
      float forget = sigmoids[g + width + k];
      float candidate = candidates[kept + k];
      float output = sigmoids[g + 3 * width + k];
      float dc = grad[at + width + k] + cellGrad[c0 + k] + dh * output * (1 - tanh * tanh);
      stepGrads[row + k] = dc * candidate * input * (1 - input); // σ' = σ(1 − σ)
      stepGrads[row + width + k] = dc * state[cellAt + k] * forget * (1 - forget);
      stepGrads[row + 2 * width + k] = dc * input * (1 - candidate * candidate); // tanh' = 1 − tanh²
      stepGrads[row + 3 * width + k] = dh * tanh * output * (1 - output);
      cellGrad[c0 + k] = dc * forget;
    }
  }
}
