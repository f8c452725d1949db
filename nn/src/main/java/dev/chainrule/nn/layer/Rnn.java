package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * An Elman recurrent layer, PyTorch's {@code torch.nn.RNN}: at each time step
 * {@code h' = φ(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)}, with φ = tanh or ReLU (Elman 1990).
 *
 * <p>Parameters have PyTorch's names and layouts ({@code weight_ih_l0} {@code [H, in]}, {@code weight_hh_l0}
 * {@code [H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code …_reverse} for the backward direction), so a
 * state dict moves between the two unchanged. {@link #forward} returns the outputs; {@link #run} also returns
 * the final hidden state, and takes an initial state and per-sequence lengths.
 */
public final class Rnn implements Module {
  /** The nonlinearity φ, PyTorch's {@code nonlinearity='tanh'} or {@code 'relu'}. */
  public enum Nonlinearity {
    /** Hyperbolic tangent, PyTorch's default. */
    TANH,
    /** {@code max(x, 0)}. */
    RELU
  }

  private final Nonlinearity nonlinearity;
  private final Recurrence recurrence;

  private Rnn(RecurrentOptions options, Nonlinearity nonlinearity, Random random) {
    this.nonlinearity = checkNotNull(nonlinearity, "rnn: nonlinearity is null");
    this.recurrence = new Recurrence("rnn", options, 1, 1, this::step, random);
  }

  /**
   * A tanh layer with weights drawn uniformly from {@code ±1/√H}.
   *
   * @param options the sizes, layout and dtype
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Rnn create(RecurrentOptions options, Random random) {
    return new Rnn(options, Nonlinearity.TANH, random);
  }

  /**
   * A layer with this nonlinearity and weights drawn uniformly from {@code ±1/√H}.
   *
   * @param options the sizes, layout and dtype
   * @param nonlinearity the nonlinearity φ
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Rnn create(RecurrentOptions options, Nonlinearity nonlinearity, Random random) {
    return new Rnn(options, nonlinearity, random);
  }

  /**
   * The options the layer was created with.
   *
   * @return the options
   */
  public RecurrentOptions options() {
    return recurrence.options();
  }

  /**
   * The nonlinearity φ.
   *
   * @return the nonlinearity
   */
  public Nonlinearity nonlinearity() {
    return nonlinearity;
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

  /** {@code h' = φ(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)}. */
  private List<Tensor> step(Tensor inputGates, Tensor hiddenGates, List<Tensor> state) {
    Tensor z = inputGates.add(hiddenGates);
    return List.of(nonlinearity == Nonlinearity.TANH ? z.tanh() : z.relu());
  }

  /** {@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, … in PyTorch's order. */
  @Override
  public Map<String, Parameter> localParameters() {
    return recurrence.parameters();
  }

  /** Returns e.g. {@code Rnn(3 → 5, relu, 2 layers, bidirectional)}. */
  @Override
  public String toString() {
    return recurrence.options().describe("Rnn", nonlinearity.name().toLowerCase(Locale.ROOT));
  }
}
