package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.MatMul;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One direction of one LSTM layer over a whole sequence, as one custom op (PyTorch runs {@code torch::lstm}
 * the same way): inputs {@code x [T, N, in]}, {@code weight_ih [4H, in]}, {@code weight_hh [4H, H]}, the
 * summed bias {@code [4H]}, {@code h0} and {@code c0 [N, H]}; output {@code [T, N, 2H]}, each step's
 * hidden state then its cell state.
 *
 * <p>Why an op rather than a composition of about twenty ops a step: the input projection is one product
 * over all steps, and so are the weight gradients (one {@code [4H, T·N]·[T·N, H]} product where the
 * composition makes T products of depth N and adds them up); the backward pass walks the steps with one
 * loop over the gate activations the forward pass kept, and no graph. In the peer suite's LSTM step it
 * saved 10-20 % against the composed layer ({@code docs/performance.md}, "Faster exp, sigmoid and tanh,
 * and the LSTM as one op").
 *
 * <p>Its first-order backward is that loop. While something records (a gradient of a gradient, forward
 * mode, vmap), or when forward ran more than once on this op (vmap's default loop applies one op to every
 * member of a batch), backward instead runs the composed layer ({@link Lstm#step}) again on the inputs and
 * differentiates it, so higher orders stay exact.
 *
 * <p>Mutable, like PyTorch's autograd context: {@link #forward} keeps the activations for {@link #backward}.
 * Each application makes a new op, so nothing is shared between graphs.
 */
final class LstmSweep implements Op {
  private final boolean reverse;
  /** Saved by forward, per time step: {@code σ} of the gate pre-activations {@code [N, 4H]}, {@code tanh} of g's block and {@code tanh(c)} {@code [N, H]}. */
  private NdArray[] sigmoids;
  private NdArray[] candidates;
  private NdArray[] tanhCells;
  /** How often forward ran on this op: more than once (vmap's loop over a batch) leaves only the last run's activations. */
  private int forwards;

  LstmSweep(boolean reverse) {
    this.reverse = reverse;
  }

  @Override
  public String name() {
    return "lstm";
  }

  @Override
  public Shape shape(List<Shape> in) {
    Shape x = in.get(0);
    int h = in.get(2).dim(1);
    return Shape.of(x.dim(0), x.dim(1), 2 * h);
  }

  /**
   * The steps as the composed layer makes them, with the same ops and so the same roundings, on constants:
   * nothing is recorded, and the input projection is one product for all steps.
   */
  @Override
  public NdArray forward(List<NdArray> in) {
    Shape x = in.get(0).shape();
    int steps = x.dim(0);
    int batch = x.dim(1);
    int width = in.get(2).shape().dim(1);
    Tensor projected = Tensor.of(in.get(0)).reshape(steps * batch, x.dim(2)).matmulTransposed(Tensor.of(in.get(1)))
        .add(Tensor.of(in.get(3))); // [T·N, 4H], bias included
    Tensor weightHh = Tensor.of(in.get(2));
    Tensor hidden = Tensor.of(in.get(4));
    Tensor cell = Tensor.of(in.get(5));
    forwards++;
    sigmoids = new NdArray[steps];
    candidates = new NdArray[steps];
    tanhCells = new NdArray[steps];
    Tensor[] out = new Tensor[steps];
    for (int s = 0; s < steps; s++) {
      int t = reverse ? steps - 1 - s : s;
      Tensor pre = projected.slice(0, t * batch, (t + 1) * batch).add(hidden.matmulTransposed(weightHh));
      Tensor sigmoid = pre.sigmoid(); // g's block is wasted, but one op on [N, 4H] beats three slices
      Tensor candidate = pre.slice(1, 2 * width, 3 * width).tanh();
      cell = sigmoid.slice(1, width, 2 * width).mul(cell).add(sigmoid.slice(1, 0, width).mul(candidate));
      Tensor tanhCell = cell.tanh();
      hidden = sigmoid.slice(1, 3 * width, 4 * width).mul(tanhCell);
      sigmoids[t] = sigmoid.value();
      candidates[t] = candidate.value();
      tanhCells[t] = tanhCell.value();
      out[t] = Tensor.concat(1, hidden, cell);
    }
    return Tensor.stack(0, out).value();
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> in, Tensor out, Needed needed) {
    if (forwards != 1 || Autodiff.isGradEnabled() || grad.isBatched() || in.stream().anyMatch(Tensor::isBatched)) {
      return composedBackward(grad, in, needed);
    }
    DType dtype = grad.dtype();
    Shape xShape = in.get(0).shape();
    int steps = xShape.dim(0);
    int batch = xShape.dim(1);
    int width = in.get(2).shape().dim(1);
    int gateWidth = 4 * width;
    Tensor weightHh = in.get(2).detach();
    double[] g = grad.value().toDoubleArray();
    double[] o = out.value().toDoubleArray();
    double[] c0 = in.get(5).value().toDoubleArray();
    double[] h0 = in.get(4).value().toDoubleArray();
    double[] preGrads = new double[steps * batch * gateWidth];
    double[] previousHidden = new double[steps * batch * width];
    double[] hiddenGrad = new double[batch * width];
    double[] cellGrad = new double[batch * width];
    double[] cellBefore = new double[batch * width];
    for (int s = steps - 1; s >= 0; s--) {
      int t = reverse ? steps - 1 - s : s;
      int before = reverse ? t + 1 : t - 1; // the step processed just before this one
      int base = t * batch * gateWidth;
      int hiddenAt = t * batch * width;
      if (s == 0) {
        System.arraycopy(c0, 0, cellBefore, 0, cellBefore.length);
        System.arraycopy(h0, 0, previousHidden, hiddenAt, h0.length);
      } else {
        for (int n = 0; n < batch; n++) {
          int at = (before * batch + n) * 2 * width;
          System.arraycopy(o, at, previousHidden, hiddenAt + n * width, width);
          System.arraycopy(o, at + width, cellBefore, n * width, width);
        }
      }
      stepGradients(g, t, batch, width, sigmoids[t].toDoubleArray(), candidates[t].toDoubleArray(), tanhCells[t].toDoubleArray(),
          cellBefore, hiddenGrad, cellGrad, preGrads);
      if (s > 0 || needed.get(4)) {
        NdArray step = NdArray.of(Shape.of(batch, gateWidth), Arrays.copyOfRange(preGrads, base, base + batch * gateWidth));
        hiddenGrad = Tensor.of(step.to(dtype)).matmul(weightHh).value().toDoubleArray();
      }
    }
    Tensor pre = Tensor.of(NdArray.of(Shape.of(steps * batch, gateWidth), preGrads).to(dtype));
    Tensor hiddenBefore = Tensor.of(NdArray.of(Shape.of(steps * batch, width), previousHidden).to(dtype));
    Tensor[] rules = new Tensor[6];
    if (needed.get(0)) { // ∂x = ∂pre · W_ih
      rules[0] = pre.matmul(in.get(1).detach()).reshape(xShape);
    }
    if (needed.get(1)) { // ∂W_ih = ∂preᵀ · x, over all steps at once
      rules[1] = Tensor.apply(new MatMul(true, false), pre, in.get(0).detach().reshape(steps * batch, xShape.dim(2)));
    }
    if (needed.get(2)) { // ∂W_hh = ∂preᵀ · h_before
      rules[2] = Tensor.apply(new MatMul(true, false), pre, hiddenBefore);
    }
    if (needed.get(3)) {
      rules[3] = pre.sum(0);
    }
    if (needed.get(4)) {
      rules[4] = Tensor.of(NdArray.of(Shape.of(batch, width), hiddenGrad).to(dtype));
    }
    if (needed.get(5)) {
      rules[5] = Tensor.of(NdArray.of(Shape.of(batch, width), cellGrad).to(dtype));
    }
    return present(rules);
  }

  private static Grads present(Tensor[] rules) {
    Grads grads = Grads.none(rules.length);
    for (int i = 0; i < rules.length; i++) {
      if (rules[i] != null) {
        grads = grads.with(i, rules[i]);
      }
    }
    return grads;
  }

  /**
   * One step of the backward loop at time {@code t}: from the output's gradient and the gradients
   * {@code hiddenGrad}, {@code cellGrad} arriving from the step after, the gradients of the gate
   * pre-activations into {@code preGrads}, and {@code cellGrad} for the step before.
   */
  private static void stepGradients(double[] grad, int t, int batch, int width, double[] sigmoid, double[] candidate,
      double[] tanhCell, double[] cellBefore, double[] hiddenGrad, double[] cellGrad, double[] preGrads) {
    for (int n = 0; n < batch; n++) {
      int at = (t * batch + n) * 2 * width;
      int row = n * 4 * width;
      int preRow = t * batch * 4 * width + row;
      for (int k = 0; k < width; k++) {
        int c = n * width + k;
        double dh = grad[at + k] + hiddenGrad[c];
        double tanh = tanhCell[c];
        double input = sigmoid[row + k];
        double forget = sigmoid[row + width + k];
        double g = candidate[c];
        double output = sigmoid[row + 3 * width + k];
        double dc = grad[at + width + k] + cellGrad[c] + dh * output * (1 - tanh * tanh);
        preGrads[preRow + k] = dc * g * input * (1 - input); // σ' = σ(1 − σ)
        preGrads[preRow + width + k] = dc * cellBefore[c] * forget * (1 - forget);
        preGrads[preRow + 2 * width + k] = dc * input * (1 - g * g); // tanh' = 1 − tanh²
        preGrads[preRow + 3 * width + k] = dh * tanh * output * (1 - output);
        cellGrad[c] = dc * forget;
      }
    }
  }

  /** The composed layer's gradient, recorded: what a gradient of a gradient differentiates. */
  private Grads composedBackward(Tensor grad, List<Tensor> in, Needed needed) {
    try (GradScope recording = Autodiff.enableGrad()) {
      // each needed input through a zero leaf of its own, so that inputs without grad have a gradient too
      Tensor[] leaves = new Tensor[in.size()];
      List<Tensor> through = new ArrayList<>();
      for (int i = 0; i < in.size(); i++) {
        if (needed.get(i)) {
          leaves[i] = Tensor.zeros(in.get(i).shape(), in.get(i).dtype()).requiresGrad();
          through.add(in.get(i).add(leaves[i]));
        } else {
          through.add(in.get(i));
        }
      }
      List<Tensor> wanted = Arrays.stream(leaves).filter(Objects::nonNull).collect(Collectors.toList());
      Gradients gradients = Autodiff.grad(composed(through), grad, wanted, GradOptions.creatingGraph());
      Tensor[] rules = new Tensor[in.size()];
      for (int i = 0; i < in.size(); i++) {
        rules[i] = leaves[i] == null ? null : gradients.get(leaves[i]);
      }
      return present(rules);
    }
  }

  /** The same sweep composed of recorded ops, step by step: {@code [T, N, 2H]}. */
  private Tensor composed(List<Tensor> in) {
    Tensor x = in.get(0);
    int steps = x.shape().dim(0);
    Tensor[] out = new Tensor[steps];
    List<Tensor> state = List.of(in.get(4), in.get(5));
    for (int s = 0; s < steps; s++) {
      int t = reverse ? steps - 1 - s : s;
      Tensor xt = x.slice(0, t, t + 1).reshape(x.shape().dim(1), x.shape().dim(2));
      Tensor inputGates = xt.matmulTransposed(in.get(1)).add(in.get(3));
      state = Lstm.step(inputGates, state.get(0).matmulTransposed(in.get(2)), state);
      out[t] = Tensor.concat(1, state.get(0), state.get(1));
    }
    return Tensor.stack(0, out);
  }
}
