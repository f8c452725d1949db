package dev.chainrule.autodiff.kernel.recurrent;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Elementwise;
import dev.chainrule.autodiff.kernel.Reductions;
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
   * @param sigmoids {@code [T, N, 4H]}: the logistic of every gate's pre-activation (g's block unused)
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
          CellLoops.sums(pre, at + n * gates, bias, recurrent, n * gates, sigmoids, gates);
          System.arraycopy(sigmoids, at + n * gates + 2 * width, candidates, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, candidates, candidates, stateAt, stateAt + part * width);
        Elementwise.range(UnaryFunction.SIGMOID, sigmoids, sigmoids, at, at + part * gates);
        for (int n = 0; n < part; n++) {
          CellLoops.cellStates(sigmoids, at + n * gates, cell, cellAt + n * width, candidates, cells, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, cells, tanhCells, stateAt, stateAt + part * width);
        hidden = new double[part * width];
        for (int n = 0; n < part; n++) {
          CellLoops.products(sigmoids, at + n * gates + 3 * width, tanhCells, stateAt + n * width, hidden, n * width, width);
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
          CellLoops.sums(pre, at + n * gates, bias, recurrent, n * gates, sigmoids, gates);
          System.arraycopy(sigmoids, at + n * gates + 2 * width, candidates, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, candidates, candidates, stateAt, stateAt + part * width);
        Elementwise.range(UnaryFunction.SIGMOID, sigmoids, sigmoids, at, at + part * gates);
        for (int n = 0; n < part; n++) {
          CellLoops.cellStates(sigmoids, at + n * gates, cell, cellAt + n * width, candidates, cells, stateAt + n * width, width);
        }
        Elementwise.range(UnaryFunction.TANH, cells, tanhCells, stateAt, stateAt + part * width);
        hidden = new float[part * width];
        for (int n = 0; n < part; n++) {
          CellLoops.products(sigmoids, at + n * gates + 3 * width, tanhCells, stateAt + n * width, hidden, n * width, width);
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
          CellLoops.gateGradients(grad, at, hiddenGrad, cellGrad, n * width, sigmoids, g, candidates, tanhCells, kept, state, cellAt,
              stepGrads, row, width);
          Reductions.addWidened(stepGrads, row, biasGrads, sequence * gates, gates);
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
          CellLoops.gateGradients(grad, at, hiddenGrad, cellGrad, n * width, sigmoids, g, candidates, tanhCells, kept, state, cellAt,
              stepGrads, row, width);
          Reductions.addWidened(stepGrads, row, biasGrads, sequence * gates, gates);
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
