package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A gated recurrent unit layer (Cho et al. 2014), PyTorch's {@code torch.nn.GRU}. With
 * {@code a = x·W_ihᵀ + b_ih} and {@code b = h·W_hhᵀ + b_hh}, each cut into three blocks of {@code H} in
 * PyTorch's order {@code r, z, n}:
 * <pre>
 * r = σ(a_r + b_r)   z = σ(a_z + b_z)   n = tanh(a_n + r ⊙ b_n)
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * The reset gate multiplies {@code W_hn h + b_hn}, bias included, as in PyTorch (and cuDNN), not
 * {@code h} before the product as in the paper.
 *
 * <p>Parameters have PyTorch's names and layouts ({@code weight_ih_l0} {@code [3H, in]}, {@code weight_hh_l0}
 * {@code [3H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code …_reverse} for the backward direction), so a
 * state dict moves between the two unchanged. {@link #forward} returns the outputs; {@link #run} also returns
 * the final hidden state, and takes an initial state and per-sequence lengths.
 */
public final class Gru implements Module {
  private final Recurrence recurrence;

  private Gru(RecurrentOptions options, Random random) {
    this.recurrence = new Recurrence("gru", options, 3, 1, Gru::step, random);
  }

  /**
   * A layer with weights drawn uniformly from {@code ±1/√H}.
   *
   * @param options the sizes, layout and dtype
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Gru create(RecurrentOptions options, Random random) {
    return new Gru(options, random);
  }

  /**
   * The options the layer was created with.
   *
   * @return the options
   */
  public RecurrentOptions options() {
    return recurrence.options();
  }

  /** The outputs {@code [T, N, directions·H]} (batch first: {@code [N, T, directions·H]}), from zero initial states. */
  @Override
  public Tensor forward(Tensor input) {
    return run(input).output();
  }

  /**
   * The outputs and the final hidden state, from zero initial states.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @return the outputs and the final hidden state
   */
  public RecurrentOutput run(Tensor input) {
    return result(recurrence.run(input, List.of()));
  }

  /**
   * The outputs and the final hidden state, from the initial hidden state {@code h0} {@code [layers·directions, N, H]}.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @param h0 the initial hidden state
   * @return the outputs and the final hidden state
   */
  public RecurrentOutput run(Tensor input, Tensor h0) {
    return result(recurrence.run(input, List.of(h0)));
  }

  /**
   * The outputs and final hidden state of a padded batch, from zero initial states: sequence {@code n} is
   * its first {@code lengths[n]} steps. Outputs at padded steps are zero and padding never reaches the final
   * state, as with PyTorch's packed sequences.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @param lengths the real steps of each sequence, one per sequence, each in {@code [1, T]}
   * @return the outputs and the final hidden state
   */
  public RecurrentOutput run(Tensor input, int[] lengths) {
    return result(recurrence.run(input, List.of(), lengths));
  }

  /**
   * The outputs and final hidden state of a padded batch (see {@link #run(Tensor, int[])}), from {@code h0}.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @param h0 the initial hidden state {@code [layers·directions, N, H]}
   * @param lengths the real steps of each sequence, one per sequence, each in {@code [1, T]}
   * @return the outputs and the final hidden state
   */
  public RecurrentOutput run(Tensor input, Tensor h0, int[] lengths) {
    return result(recurrence.run(input, List.of(h0), lengths));
  }

  private static RecurrentOutput result(Recurrence.Result r) {
    return new RecurrentOutput(r.output(), r.finals().get(0));
  }

  /** One step: {@code h' = n + z ⊙ (h − n)}, which is {@code (1 − z) ⊙ n + z ⊙ h} as PyTorch computes it. */
  private static List<Tensor> step(Tensor inputGates, Tensor hiddenGates, List<Tensor> state) {
    int h = inputGates.shape().dim(1) / 3;
    Tensor reset = inputGates.slice(1, 0, h).add(hiddenGates.slice(1, 0, h)).sigmoid();
    Tensor update = inputGates.slice(1, h, 2 * h).add(hiddenGates.slice(1, h, 2 * h)).sigmoid();
    Tensor candidate = inputGates.slice(1, 2 * h, 3 * h).add(reset.mul(hiddenGates.slice(1, 2 * h, 3 * h))).tanh();
    return List.of(candidate.add(update.mul(state.get(0).sub(candidate))));
  }

  /** {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, … in PyTorch's order. */
  @Override
  public Map<String, Parameter> localParameters() {
    return recurrence.parameters();
  }

  /** Returns e.g. {@code Gru(3 → 5, 2 layers, bidirectional)}. */
  @Override
  public String toString() {
    return recurrence.options().describe("Gru");
  }
}
