package dev.chainrule.autodiff.kernel.recurrent;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.Storage;
import dev.chainrule.autodiff.kernel.Threads;
import dev.chainrule.autodiff.kernel.UnaryFunction;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
import java.util.Arrays;
import java.util.List;

/**
 * The LSTM's steps over a whole sequence on arrays, for the one-op LSTM layer of {@code dev.chainrule.nn}
 * (PyTorch's fused LSTM cell does the same job): per step one product by {@code W_hh} and a few passes over
 * the step's gates, where the composed layer runs about twenty ops with an array each.
 *
 * <p>The forward sweep rounds as the composed layer does (the same operations, one at a time, in the
 * arrays' dtype), so both give the same bits. The backward sweep computes each gate's gradient in one
 * expression, in the arrays' dtype. On several threads each sweeps its own share of the sequences, which
 * never meet, through every step, forward and backward; the results do not depend on the number of threads.
 * Shapes: {@code T} steps, {@code N} sequences, {@code H} the hidden width; gates in PyTorch's order i, f, g, o.
 */
public final class LstmCells {
  /**
   * A forward sweep's output and what its backward sweep reads.
   *
   * @param output {@code [T, N, 2H]}: each step's hidden state, then its cell state
   * @param sigmoids {@code [T, N, 4H]}: the logistic of the i, f and o gates' pre-activations (g's block
   *     holds its pre-activation, unused)
   * @param candidates {@code [T, N, H]}: {@code tanh} of g's pre-activation
   * @param tanhCells {@code [T, N, H]}: {@code tanh} of the cell state
   */
  public record Sweep(NdArray output, NdArray sigmoids, NdArray candidates, NdArray tanhCells) {}

  /**
   * A backward sweep's gradients.
   *
   * @param gates of the gate pre-activations, {@code [T·N, 4H]}, rows in time order
   * @param hiddenBefore not a gradient: the hidden state each step read, {@code [T·N, H]}, for {@code ∂W_hh}
   * @param initialHidden of {@code h0}, {@code [N, H]} (zeros unless asked for)
   * @param initialCell of {@code c0}, {@code [N, H]}
   * @param bias of the summed bias, {@code [4H]}
   */
  public record SweepGradients(NdArray gates, NdArray hiddenBefore, NdArray initialHidden, NdArray initialCell, NdArray bias) {}

  private LstmCells() {}

  /**
   * The steps from {@code h0}, {@code c0}: {@code gates = projected[t] + bias + h·W_hhᵀ}, {@code c = σ(f)·c + σ(i)·tanh(g)},
   * {@code h = σ(o)·tanh(c)}, in time order or {@code reverse}.
   *
   * @param projected {@code [T, N, 4H]}: the input projection {@code x[t]·W_ihᵀ}
   * @param bias {@code [4H]}: both biases, summed
   * @param weightHh {@code [4H, H]}
   * @param h0 {@code [N, H]}
   * @param c0 {@code [N, H]}
   */
  public static Sweep forward(NdArray projected, NdArray bias, NdArray weightHh, NdArray h0, NdArray c0, boolean reverse) {
    Shape p = projected.shape();
    checkArgument(p.rank() == 3 && p.dim(2) == weightHh.shape().dim(0) && h0.shape().equals(Shape.of(p.dim(1), weightHh.shape().dim(1)))
        && c0.shape().equals(h0.shape()) && bias.shape().equals(Shape.of(p.dim(2))) && oneDType(projected, bias, weightHh, h0, c0),
        "lstm cells: shapes or dtypes do not fit; got projected %s, bias %s, weight_hh %s, h0 %s, c0 %s (%s)",
        p, bias.shape(), weightHh.shape(), h0.shape(), c0.shape(), List.of(projected.dtype(), bias.dtype(), weightHh.dtype(), h0.dtype(), c0.dtype()));
    Dims d = new Dims(p.dim(0), p.dim(1), weightHh.shape().dim(1), reverse);
    if (projected.dtype() == DType.FLOAT64) {
      return forward(f64(projected), f64(bias), weightHh, f64(h0), f64(c0), d);
    }
    return forward(f32(projected), f32(bias), weightHh, f32(h0), f32(c0), d);
  }

  /**
   * The gradients of a {@link #forward} sweep's inputs, walking the steps backwards with one product by
   * {@code W_hh} a step.
   *
   * @param grad the gradient of the output, {@code [T, N, 2H]}
   * @param sweep what the forward sweep gave
   * @param initialHidden whether {@code h0}'s gradient is wanted (it costs one more product)
   */
  public static SweepGradients backward(NdArray grad, Sweep sweep, NdArray weightHh, NdArray h0, NdArray c0, boolean reverse,
      boolean initialHidden) {
    Shape s = sweep.output().shape();
    Shape state = Shape.of(s.dim(1), s.dim(2) / 2);
    checkArgument(grad.shape().equals(s) && h0.shape().equals(state) && c0.shape().equals(state)
        && weightHh.shape().equals(Shape.of(4 * state.dim(1), state.dim(1))) && oneDType(grad, sweep.output(), weightHh, h0, c0),
        "lstm cells backward: shapes or dtypes do not fit the sweep's output %s %s; got grad %s, weight_hh %s, h0 %s, c0 %s (%s)", s,
        sweep.output().dtype(), grad.shape(), weightHh.shape(), h0.shape(), c0.shape(),
        List.of(grad.dtype(), weightHh.dtype(), h0.dtype(), c0.dtype()));
    Dims d = new Dims(s.dim(0), s.dim(1), weightHh.shape().dim(1), reverse);
    SweepGradients g;
    if (grad.dtype() == DType.FLOAT64) {
      g = backward(f64(grad), f64(sweep.output()), f64(sweep.sigmoids()), f64(sweep.candidates()), f64(sweep.tanhCells()),
          f64(h0), f64(c0), weightHh, d, initialHidden);
    } else {
      g = backward(f32(grad), f32(sweep.output()), f32(sweep.sigmoids()), f32(sweep.candidates()), f32(sweep.tanhCells()),
          f32(h0), f32(c0), weightHh, d, initialHidden);
    }
    return new SweepGradients(g.gates(), g.hiddenBefore(), g.initialHidden(), g.initialCell(), g.bias().to(grad.dtype())); // bias: summed in double
  }

  /** The sizes of a sweep and its direction. */
  private record Dims(int steps, int batch, int width, boolean reverse) {
    /** The time of the {@code s}-th step processed. */
    int time(int s) {
      return reverse ? steps - 1 - s : s;
    }

    int gates() {
      return 4 * width;
    }

    Shape state() {
      return Shape.of(batch, width);
    }

    /**
     * Threads for a sweep: the sequences are independent, so each thread sweeps its own share of them
     * (at least 8, a product's tile of rows) through every step, without waiting for the others.
     */
    int parts() {
      return Math.max(1, Math.min(Threads.configured(), batch / 8));
    }
  }

  private static Sweep forward(double[] pre, double[] bias, NdArray weightHh, double[] h0, double[] c0, Dims d) {
    int width = d.width();
    int gates = d.gates();
    int rows = d.batch() * gates;
    int states = d.batch() * width;
    double[] sigmoids = new double[d.steps() * rows];
    double[] candidates = new double[d.steps() * states];
    double[] cells = new double[d.steps() * states];
    double[] tanhCells = new double[d.steps() * states];
    double[] out = new double[d.steps() * 2 * states];
    Threads.ranges(d.batch(), d.parts(), (from, to) -> { // the sequences from … to − 1, all steps
      int part = to - from;
      double[] hidden = Arrays.copyOfRange(h0, from * width, to * width);
      double[] cell = c0;
      int cellAt = from * width;
      for (int s = 0; s < d.steps(); s++) {
        int t = d.time(s);
        int at = t * rows + from * gates;
        int stateAt = t * states + from * width;
        double[] recurrent = Gemm.matmul(NdArray.of(Storage.of(Shape.of(part, width), hidden)), weightHh, false, true).storage().f64();
        for (int n = 0; n < part; n++) {
          sums(pre, at + n * gates, bias, recurrent, n * gates, sigmoids, gates);
          System.arraycopy(sigmoids, at + n * gates + 2 * width, candidates, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, candidates, candidates, stateAt, stateAt + part * width);
        for (int n = 0; n < part; n++) { // i and f, then o (g's block is tanh'd into candidates)
          Elementwise.range(UnaryFunction.SIGMOID, sigmoids, sigmoids, at + n * gates, at + n * gates + 2 * width);
          Elementwise.range(UnaryFunction.SIGMOID, sigmoids, sigmoids, at + n * gates + 3 * width, at + (n + 1) * gates);
        }
        for (int n = 0; n < part; n++) {
          cellStates(sigmoids, at + n * gates, cell, cellAt + n * width, candidates, cells, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, cells, tanhCells, stateAt, stateAt + part * width);
        hidden = new double[part * width];
        for (int n = 0; n < part; n++) {
          products(sigmoids, at + n * gates + 3 * width, tanhCells, stateAt + n * width, hidden, n * width, width);
          System.arraycopy(hidden, n * width, out, 2 * (stateAt + n * width), width);
          System.arraycopy(cells, stateAt + n * width, out, 2 * (stateAt + n * width) + width, width);
        }
        cell = cells;
        cellAt = stateAt;
      }
    });
    Shape gateShape = Shape.of(d.steps(), d.batch(), gates);
    Shape stateShape = Shape.of(d.steps(), d.batch(), width);
    return new Sweep(array(Shape.of(d.steps(), d.batch(), 2 * width), out), array(gateShape, sigmoids),
        array(stateShape, candidates), array(stateShape, tanhCells));
  }

  private static Sweep forward(float[] pre, float[] bias, NdArray weightHh, float[] h0, float[] c0, Dims d) {
    int width = d.width();
    int gates = d.gates();
    int rows = d.batch() * gates;
    int states = d.batch() * width;
    float[] sigmoids = new float[d.steps() * rows];
    float[] candidates = new float[d.steps() * states];
    float[] cells = new float[d.steps() * states];
    float[] tanhCells = new float[d.steps() * states];
    float[] out = new float[d.steps() * 2 * states];
    Threads.ranges(d.batch(), d.parts(), (from, to) -> { // the sequences from … to − 1, all steps
      int part = to - from;
      float[] hidden = Arrays.copyOfRange(h0, from * width, to * width);
      float[] cell = c0;
      int cellAt = from * width;
      for (int s = 0; s < d.steps(); s++) {
        int t = d.time(s);
        int at = t * rows + from * gates;
        int stateAt = t * states + from * width;
        float[] recurrent = Gemm.matmul(NdArray.of(Storage.of(Shape.of(part, width), hidden)), weightHh, false, true).storage().f32();
        for (int n = 0; n < part; n++) {
          sums(pre, at + n * gates, bias, recurrent, n * gates, sigmoids, gates);
          System.arraycopy(sigmoids, at + n * gates + 2 * width, candidates, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, candidates, candidates, stateAt, stateAt + part * width);
        for (int n = 0; n < part; n++) { // i and f, then o (g's block is tanh'd into candidates)
          Elementwise.range(UnaryFunction.SIGMOID, sigmoids, sigmoids, at + n * gates, at + n * gates + 2 * width);
          Elementwise.range(UnaryFunction.SIGMOID, sigmoids, sigmoids, at + n * gates + 3 * width, at + (n + 1) * gates);
        }
        for (int n = 0; n < part; n++) {
          cellStates(sigmoids, at + n * gates, cell, cellAt + n * width, candidates, cells, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, cells, tanhCells, stateAt, stateAt + part * width);
        hidden = new float[part * width];
        for (int n = 0; n < part; n++) {
          products(sigmoids, at + n * gates + 3 * width, tanhCells, stateAt + n * width, hidden, n * width, width);
          System.arraycopy(hidden, n * width, out, 2 * (stateAt + n * width), width);
          System.arraycopy(cells, stateAt + n * width, out, 2 * (stateAt + n * width) + width, width);
        }
        cell = cells;
        cellAt = stateAt;
      }
    });
    Shape gateShape = Shape.of(d.steps(), d.batch(), gates);
    Shape stateShape = Shape.of(d.steps(), d.batch(), width);
    return new Sweep(array(Shape.of(d.steps(), d.batch(), 2 * width), out), array(gateShape, sigmoids),
        array(stateShape, candidates), array(stateShape, tanhCells));
  }

  private static SweepGradients backward(double[] grad, double[] out, double[] sigmoids, double[] candidates, double[] tanhCells,
      double[] h0, double[] c0, NdArray weightHh, Dims d, boolean initialHidden) {
    int width = d.width();
    int gates = d.gates();
    int rows = d.batch() * gates;
    int states = d.batch() * width;
    double[] preGrads = new double[d.steps() * rows];
    double[] hiddenBefore = new double[d.steps() * states];
    double[] hiddenGrads = new double[states];
    double[] cellGrads = new double[states];
    double[] biasGrads = new double[rows]; // per sequence, summed in double: the same sums on any number of threads
    Threads.ranges(d.batch(), d.parts(), (from, to) -> { // the sequences from … to − 1, all steps
      int part = to - from;
      double[] hiddenGrad = new double[part * width];
      double[] cellGrad = new double[part * width];
      for (int s = d.steps() - 1; s >= 0; s--) {
        int t = d.time(s);
        int before = d.time(s - 1); // the step processed just before this one, if s > 0
        double[] stepGrads = new double[part * gates];
        for (int n = 0; n < part; n++) {
          int sequence = from + n;
          double[] state = s == 0 ? c0 : out;
          int cellAt = s == 0 ? sequence * width : 2 * (before * states + sequence * width) + width;
          if (s == 0) {
            System.arraycopy(h0, sequence * width, hiddenBefore, t * states + sequence * width, width);
          } else {
            System.arraycopy(out, 2 * (before * states + sequence * width), hiddenBefore, t * states + sequence * width, width);
          }
          int at = 2 * (t * states + sequence * width);
          int kept = t * states + sequence * width;
          int g = t * rows + sequence * gates;
          int row = n * gates;
          gateGradients(grad, at, hiddenGrad, cellGrad, n * width, sigmoids, g, candidates, tanhCells, kept, state, cellAt,
              stepGrads, row, width);
          for (int j = 0; j < gates; j++) {
            biasGrads[sequence * gates + j] += stepGrads[row + j];
          }
        }
        System.arraycopy(stepGrads, 0, preGrads, t * rows + from * gates, part * gates);
        if (s > 0 || initialHidden) {
          hiddenGrad = Gemm.matmul(NdArray.of(Storage.of(Shape.of(part, gates), stepGrads)), weightHh, false, false).storage().f64();
        } else {
          hiddenGrad = new double[part * width];
        }
      }
      System.arraycopy(hiddenGrad, 0, hiddenGrads, from * width, part * width);
      System.arraycopy(cellGrad, 0, cellGrads, from * width, part * width);
    });
    return new SweepGradients(array(Shape.of(d.steps() * d.batch(), gates), preGrads),
        array(Shape.of(d.steps() * d.batch(), width), hiddenBefore), array(d.state(), hiddenGrads), array(d.state(), cellGrads),
        array(Shape.of(gates), columnSums(biasGrads, gates)));
  }

  private static SweepGradients backward(float[] grad, float[] out, float[] sigmoids, float[] candidates, float[] tanhCells,
      float[] h0, float[] c0, NdArray weightHh, Dims d, boolean initialHidden) {
    int width = d.width();
    int gates = d.gates();
    int rows = d.batch() * gates;
    int states = d.batch() * width;
    float[] preGrads = new float[d.steps() * rows];
    float[] hiddenBefore = new float[d.steps() * states];
    float[] hiddenGrads = new float[states];
    float[] cellGrads = new float[states];
    double[] biasGrads = new double[rows]; // per sequence, summed in double: the same sums on any number of threads
    Threads.ranges(d.batch(), d.parts(), (from, to) -> { // the sequences from … to − 1, all steps
      int part = to - from;
      float[] hiddenGrad = new float[part * width];
      float[] cellGrad = new float[part * width];
      for (int s = d.steps() - 1; s >= 0; s--) {
        int t = d.time(s);
        int before = d.time(s - 1); // the step processed just before this one, if s > 0
        float[] stepGrads = new float[part * gates];
        for (int n = 0; n < part; n++) {
          int sequence = from + n;
          float[] state = s == 0 ? c0 : out;
          int cellAt = s == 0 ? sequence * width : 2 * (before * states + sequence * width) + width;
          if (s == 0) {
            System.arraycopy(h0, sequence * width, hiddenBefore, t * states + sequence * width, width);
          } else {
            System.arraycopy(out, 2 * (before * states + sequence * width), hiddenBefore, t * states + sequence * width, width);
          }
          int at = 2 * (t * states + sequence * width);
          int kept = t * states + sequence * width;
          int g = t * rows + sequence * gates;
          int row = n * gates;
          gateGradients(grad, at, hiddenGrad, cellGrad, n * width, sigmoids, g, candidates, tanhCells, kept, state, cellAt,
              stepGrads, row, width);
          for (int j = 0; j < gates; j++) {
            biasGrads[sequence * gates + j] += stepGrads[row + j];
          }
        }
        System.arraycopy(stepGrads, 0, preGrads, t * rows + from * gates, part * gates);
        if (s > 0 || initialHidden) {
          hiddenGrad = Gemm.matmul(NdArray.of(Storage.of(Shape.of(part, gates), stepGrads)), weightHh, false, false).storage().f32();
        } else {
          hiddenGrad = new float[part * width];
        }
      }
      System.arraycopy(hiddenGrad, 0, hiddenGrads, from * width, part * width);
      System.arraycopy(cellGrad, 0, cellGrads, from * width, part * width);
    });
    return new SweepGradients(array(Shape.of(d.steps() * d.batch(), gates), preGrads),
        array(Shape.of(d.steps() * d.batch(), width), hiddenBefore), array(d.state(), hiddenGrads), array(d.state(), cellGrads),
        array(Shape.of(gates), columnSums(biasGrads, gates)));
  }

  /** {@code out[at + k] = pre[at + k] + bias[k] + recurrent[recurrentAt + k]} for {@code k < count}: a step's gate pre-activations. */
  private static void sums(double[] pre, int at, double[] bias, double[] recurrent, int recurrentAt, double[] out, int count) {
    int k = 0;
    for (; k < count; k++) {
      out[at + k] = pre[at + k] + bias[k] + recurrent[recurrentAt + k];
    }
  }

  /** {@code c = σ(f)·c_before + σ(i)·tanh(g)} for one sequence: its gates' logistics from {@code g0}, each state from its offset. */
  private static void cellStates(double[] sigmoids, int g0, double[] before, int beforeAt, double[] candidates, double[] cells, int at, int width) {
    int k = 0;
    for (; k < width; k++) {
      cells[at + k] = sigmoids[g0 + width + k] * before[beforeAt + k] + sigmoids[g0 + k] * candidates[at + k];
    }
  }

  /** {@code out[outAt + k] = a[aAt + k] · b[bAt + k]} for {@code k < count}: a hidden state, {@code σ(o)·tanh(c)}. */
  private static void products(double[] a, int aAt, double[] b, int bAt, double[] out, int outAt, int count) {
    int k = 0;
    for (; k < count; k++) {
      out[outAt + k] = a[aAt + k] * b[bAt + k];
    }
  }

  /** The float32 twins of the three helpers above: in vectors when the Vector API is selected (the same bits). */
  private static void sums(float[] pre, int at, float[] bias, float[] recurrent, int recurrentAt, float[] out, int count) {
    int k = Gemm.vectorized() ? VectorCells.sums(pre, at, bias, recurrent, recurrentAt, out, count) : 0;
    for (; k < count; k++) {
      out[at + k] = pre[at + k] + bias[k] + recurrent[recurrentAt + k];
    }
  }

  private static void cellStates(float[] sigmoids, int g0, float[] before, int beforeAt, float[] candidates, float[] cells, int at, int width) {
    int k = Gemm.vectorized() ? VectorCells.cellStates(sigmoids, g0, before, beforeAt, candidates, cells, at, width) : 0;
    for (; k < width; k++) {
      cells[at + k] = sigmoids[g0 + width + k] * before[beforeAt + k] + sigmoids[g0 + k] * candidates[at + k];
    }
  }

  private static void products(float[] a, int aAt, float[] b, int bAt, float[] out, int outAt, int count) {
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
  private static void gateGradients(double[] grad, int at, double[] hiddenGrad, double[] cellGrad, int c0, double[] sigmoids, int g,
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

  /** The float32 twin of {@link #gateGradients(double[], int, double[], double[], int, double[], int, double[], double[], int, double[], int, double[], int, int)}: in vectors when the Vector API is selected (the same operations in the same order, so the same bits), the rest by the loop. */
  private static void gateGradients(float[] grad, int at, float[] hiddenGrad, float[] cellGrad, int c0, float[] sigmoids, int g,
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

  /** The sums of the columns of {@code [rows, columns]}, row after row. */
  private static double[] columnSums(double[] matrix, int columns) {
    double[] sums = new double[columns];
    for (int i = 0; i < matrix.length; i++) {
      sums[i % columns] += matrix[i];
    }
    return sums;
  }

  private static boolean oneDType(NdArray... arrays) {
    return Arrays.stream(arrays).allMatch(a -> a.dtype() == arrays[0].dtype());
  }

  /** The elements, read in place when the array is not a view; never written. */
  private static double[] f64(NdArray a) {
    return a.storage().isView() ? a.toDoubleArray() : a.storage().f64();
  }

  private static float[] f32(NdArray a) {
    return a.storage().isView() ? a.toFloatArray() : a.storage().f32();
  }

  private static NdArray array(Shape shape, double[] data) {
    return NdArray.of(Storage.of(shape, data));
  }

  private static NdArray array(Shape shape, float[] data) {
    return NdArray.of(Storage.of(shape, data));
  }
}
