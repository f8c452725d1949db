package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A long short-term memory layer (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers et al.
 * 2000), PyTorch's {@code torch.nn.LSTM}. With {@code g = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh} cut into four
 * blocks of {@code H} in PyTorch's order {@code i, f, g, o}:
 * <pre>
 * i = σ(g_i)   f = σ(g_f)   c̃ = tanh(g_g)   o = σ(g_o)
 * c' = f ⊙ c + i ⊙ c̃        h' = o ⊙ tanh(c')
 * </pre>
 *
 * <p>Parameters have PyTorch's names and layouts ({@code weight_ih_l0} {@code [4H, in]}, {@code weight_hh_l0}
 * {@code [4H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code …_reverse} for the backward direction), so a
 * state dict moves between the two unchanged. {@link #forward} returns the outputs; {@link #run} also returns
 * the final hidden and cell states, and takes initial states and per-sequence lengths. There is no
 * projection ({@code proj_size}).
 */
public final class Lstm implements Module {
  /**
   * What an LSTM returns: the outputs as in {@link RecurrentOutput}, and each layer's final hidden and cell
   * states, both {@code [layers·directions, N, H]}.
   *
   * @param output the outputs, as in {@link RecurrentOutput#output()}
   * @param hidden each layer's final hidden state
   * @param cell each layer's final cell state
   */
  public record Output(Tensor output, Tensor hidden, Tensor cell) {}

  private final Recurrence recurrence;

  private Lstm(RecurrentOptions options, Random random) {
    this.recurrence = new Recurrence("lstm", options, 4, 2, Lstm::step, LstmSweep::new, random);
  }

  /**
   * A layer with weights drawn uniformly from {@code ±1/√H}.
   *
   * @param options the sizes, layout and dtype
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Lstm create(RecurrentOptions options, Random random) {
    return new Lstm(options, random);
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
   * The outputs and final states, from zero initial states.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @return the outputs and the final states
   */
  public Output run(Tensor input) {
    return result(recurrence.run(input, List.of()));
  }

  /**
   * The outputs and final states, from the initial states {@code h0} and {@code c0}, both {@code [layers·directions, N, H]}.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @param h0 the initial hidden state
   * @param c0 the initial cell state
   * @return the outputs and the final states
   */
  public Output run(Tensor input, Tensor h0, Tensor c0) {
    return result(recurrence.run(input, List.of(h0, c0)));
  }

  /**
   * The outputs and final states of a padded batch, from zero initial states: sequence {@code n} is its first
   * {@code lengths[n]} steps. Outputs at padded steps are zero and padding never reaches the final states,
   * as with PyTorch's packed sequences.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @param lengths the real steps of each sequence, one per sequence, each in {@code [1, T]}
   * @return the outputs and the final states
   */
  public Output run(Tensor input, int[] lengths) {
    return result(recurrence.run(input, List.of(), lengths));
  }

  /**
   * The outputs and final states of a padded batch (see {@link #run(Tensor, int[])}), from {@code h0} and {@code c0}.
   *
   * @param input {@code [T, N, inputSize]}, or {@code [N, T, inputSize]} when batch first
   * @param h0 the initial hidden state {@code [layers·directions, N, H]}
   * @param c0 the initial cell state {@code [layers·directions, N, H]}
   * @param lengths the real steps of each sequence, one per sequence, each in {@code [1, T]}
   * @return the outputs and the final states
   */
  public Output run(Tensor input, Tensor h0, Tensor c0, int[] lengths) {
    return result(recurrence.run(input, List.of(h0, c0), lengths));
  }

  private static Output result(Recurrence.Result r) {
    return new Output(r.output(), r.finals().get(0), r.finals().get(1));
  }

  /** One step: the new hidden and cell states from the gate pre-activations and {@code [h, c]}. */
  static List<Tensor> step(Tensor inputGates, Tensor hiddenGates, List<Tensor> state) {
    Tensor gates = inputGates.add(hiddenGates);
    int h = gates.shape().dim(1) / 4;
    Tensor input = gates.slice(1, 0, h).sigmoid();
    Tensor forget = gates.slice(1, h, 2 * h).sigmoid();
    Tensor candidate = gates.slice(1, 2 * h, 3 * h).tanh();
    Tensor output = gates.slice(1, 3 * h, 4 * h).sigmoid();
    Tensor cell = forget.mul(state.get(1)).add(input.mul(candidate));
    return List.of(output.mul(cell.tanh()), cell);
  }

  /** {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, … in PyTorch's order. */
  @Override
  public Map<String, Parameter> localParameters() {
    return recurrence.parameters();
  }

  /** Returns e.g. {@code Lstm(3 → 5, 2 layers, bidirectional)}. */
  @Override
  public String toString() {
    return recurrence.options().describe("Lstm");
  }
}
