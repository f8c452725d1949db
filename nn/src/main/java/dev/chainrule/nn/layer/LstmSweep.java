package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.recurrent.LstmCells;
import dev.chainrule.autodiff.kernel.recurrent.LstmCells.Sweep;
import dev.chainrule.autodiff.kernel.recurrent.LstmCells.SweepGradients;
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
 * composition makes T products of depth N and adds them up); the steps themselves run on arrays
 * ({@code LstmCells} in the engine's kernels: per step one product by {@code W_hh} and a few passes over
 * the gates, forward and backward, with no graph), and shares of the sequences run on separate threads,
 * since sequences never meet. In the peer suite's LSTM step the op saved 10-20 % against the composed
 * layer while its steps were still tensor ops, and the steps on arrays another 20-25 % on one thread and
 * 40-45 % on two ({@code docs/performance.md}, "The LSTM's steps on arrays, and its sequences on both
 * threads").
 *
 * <p>Its first-order backward is that backward sweep. While something records (a gradient of a gradient, forward
 * mode, vmap), or when forward ran more than once on this op (vmap's default loop applies one op to every
 * member of a batch), backward instead runs the composed layer ({@link Lstm#step}) again on the inputs and
 * differentiates it, so higher orders stay exact.
 *
 * <p>Mutable, like PyTorch's autograd context: {@link #forward} keeps the activations for {@link #backward}.
 * Each application makes a new op, so nothing is shared between graphs.
 */
final class LstmSweep implements Op {
  private final boolean reverse;
  /** Saved by forward: its output and the gate activations. */
  private Sweep sweep;
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
   * The input projection as one product for all steps, then the steps on arrays ({@link LstmCells#forward}),
   * which round as the composed layer's ops do.
   */
  @Override
  public NdArray forward(List<NdArray> in) {
    Shape x = in.get(0).shape();
    int steps = x.dim(0);
    int batch = x.dim(1);
    NdArray projected = Tensor.of(in.get(0)).reshape(steps * batch, x.dim(2)).matmulTransposed(Tensor.of(in.get(1)))
        .reshape(steps, batch, in.get(1).shape().dim(0)).value(); // [T, N, 4H]
    forwards++;
    sweep = LstmCells.forward(projected, in.get(3), in.get(2), in.get(4), in.get(5), reverse);
    return sweep.output();
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> in, Tensor out, Needed needed) {
    if (forwards != 1 || Autodiff.isRecording() || grad.isBatched() || in.stream().anyMatch(Tensor::isBatched)) {
      return composedBackward(grad, in, needed);
    }
    Shape xShape = in.get(0).shape();
    int rows = xShape.dim(0) * xShape.dim(1);
    SweepGradients sweepGrads = LstmCells.backward(grad.value(), sweep, in.get(2).value(), in.get(4).value(), in.get(5).value(),
        reverse, needed.get(4));
    Tensor pre = Tensor.of(sweepGrads.gates());
    Tensor[] rules = new Tensor[6];
    if (needed.get(0)) { // ∂x = ∂pre · W_ih
      rules[0] = pre.matmul(in.get(1).detach()).reshape(xShape);
    }
    // The weight gradients over all steps at once, each as the transpose of (inputᵀ · ∂pre): the same sums
    // in the same order, bit for bit, with the large ∂pre [T·N, 4H] as the product's right operand, whose
    // panels pack from whole rows (packed as the left operand it was read 32 bytes a row).
    if (needed.get(1)) { // ∂W_ih = ∂preᵀ · x
      rules[1] = Tensor.apply(new MatMul(true, false), in.get(0).detach().reshape(rows, xShape.dim(2)), pre).transpose();
    }
    if (needed.get(2)) { // ∂W_hh = ∂preᵀ · h_before
      rules[2] = Tensor.apply(new MatMul(true, false), Tensor.of(sweepGrads.hiddenBefore()), pre).transpose();
    }
    if (needed.get(3)) {
      rules[3] = Tensor.of(sweepGrads.bias());
    }
    if (needed.get(4)) {
      rules[4] = Tensor.of(sweepGrads.initialHidden());
    }
    if (needed.get(5)) {
      rules[5] = Tensor.of(sweepGrads.initialCell());
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
