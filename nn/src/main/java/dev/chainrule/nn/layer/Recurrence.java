package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import dev.chainrule.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The part every recurrent layer shares: its parameters, in PyTorch's names and layout, the checks of
 * inputs and initial states, and the walk over layers, directions and time steps. A {@link Cell} supplies
 * the one-step update that tells an Elman RNN, an LSTM and a GRU apart.
 *
 * <p>Layer {@code k} in direction {@code d} owns {@code weight_ih_l{k}} {@code [gates·H, in]},
 * {@code weight_hh_l{k}} {@code [gates·H, H]}, {@code bias_ih_l{k}} and {@code bias_hh_l{k}}
 * {@code [gates·H]}, with the suffix {@code _reverse} for the reverse direction; {@code in} is the input
 * size for layer 0 and {@code directions·H} above it. All are drawn uniformly from {@code ±1/√H}, as
 * PyTorch does.
 */
final class Recurrence {
  private static final List<String> PARAMETER_KINDS = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh");
  private static final List<String> STATE_NAMES = List.of("initial hidden state", "initial cell state");

  /** One time step of a recurrent layer. */
  @FunctionalInterface
  interface Cell {
    /**
     * The state after one step, hidden state first. {@code inputGates} is {@code x·W_ihᵀ + b_ih} and
     * {@code hiddenGates} is {@code h·W_hhᵀ + b_hh}, both {@code [N, gates·H]}; each state is {@code [N, H]}.
     */
    List<Tensor> step(Tensor inputGates, Tensor hiddenGates, List<Tensor> state);
  }

  /**
   * A whole direction of a layer as one op, where the cell has one: inputs {@code x [T, N, in]},
   * {@code weight_ih}, {@code weight_hh}, the summed bias {@code [gates·H]} and one {@code [N, H]} start per
   * state; output {@code [T, N, states·H]}, each step's states side by side.
   */
  @FunctionalInterface
  interface Sweep {
    Op op(boolean reverse);
  }

  /** The last layer's outputs, and each state's final values stacked as {@code [layers·directions, N, H]}. */
  record Result(Tensor output, List<Tensor> finals) {}

  private final String name;
  private final RecurrentOptions options;
  private final int states;
  private final Cell cell;
  private final Sweep sweep;
  private final Map<String, Parameter> parameters;

  /**
   * A layer called {@code name} in messages ("lstm") whose weights hold {@code gates} blocks of {@code H}
   * rows (1 for an Elman RNN, 4 for an LSTM, 3 for a GRU) and which carries {@code states} state tensors
   * (the hidden state, then an LSTM's cell state); parameters are drawn from {@code random}.
   */
  Recurrence(String name, RecurrentOptions options, int gates, int states, Cell cell, Random random) {
    this(name, options, gates, states, cell, null, random);
  }

  /** As above, with {@code sweep} running each direction of each layer over sequences without padding. */
  Recurrence(String name, RecurrentOptions options, int gates, int states, Cell cell, Sweep sweep, Random random) {
    this.name = name;
    this.options = options;
    this.states = states;
    this.cell = cell;
    this.sweep = sweep;
    this.parameters = initialParameters(options, gates, random);
  }

  private static Map<String, Parameter> initialParameters(RecurrentOptions options, int gates, Random random) {
    int h = options.hiddenSize();
    double bound = 1 / Math.sqrt(h);
    ImmutableMap.Builder<String, Parameter> builder = ImmutableMap.builder();
    for (int k = 0; k < options.layers(); k++) {
      int in = k == 0 ? options.inputSize() : options.directions() * h;
      for (int d = 0; d < options.directions(); d++) {
        int rows = gates * h;
        Shape[] shapes = {Shape.of(rows, in), Shape.of(rows, h), Shape.of(rows), Shape.of(rows)};
        List<String> kinds = options.bias() ? PARAMETER_KINDS : PARAMETER_KINDS.subList(0, 2);
        for (int i = 0; i < kinds.size(); i++) {
          NdArray value = NdArray.uniform(shapes[i], options.dtype(), -bound, bound, random);
          builder.put(kinds.get(i) + suffix(k, d), new Parameter(value));
        }
      }
    }
    return builder.build();
  }

  private static String suffix(int layer, int direction) {
    return "_l" + layer + (direction == 1 ? "_reverse" : "");
  }

  /** The parameters in PyTorch's state-dict order; immutable. */
  Map<String, Parameter> parameters() {
    return parameters;
  }

  RecurrentOptions options() {
    return options;
  }

  /** Runs every sequence over all T steps; {@code initial} is empty (zero states) or one tensor per state. */
  Result run(Tensor input, List<Tensor> initial) {
    Tensor x = timeFirst(input);
    return run(x, initial, Padding.none(x.shape().dim(0), x.shape().dim(1), options.dtype()));
  }

  /** Runs sequence {@code n} over its first {@code lengths[n]} steps only. */
  Result run(Tensor input, List<Tensor> initial, int[] lengths) {
    Tensor x = timeFirst(input);
    int steps = x.shape().dim(0);
    checkArgument(lengths.length == x.shape().dim(1),
        "%s: expected %s lengths, one per sequence; got %s", name, x.shape().dim(1), lengths.length);
    for (int length : lengths) {
      checkArgument(1 <= length && length <= steps,
          "%s: lengths must be between 1 and the %s time steps; got %s", name, steps, Arrays.toString(lengths));
    }
    return run(x, initial, new Padding(lengths.clone(), options.dtype()));
  }

  private Tensor timeFirst(Tensor input) {
    String layout = options.batchFirst() ? "[N, T, %s] (batch first)" : "[T, N, %s] (time first)";
    checkArgument(input.rank() == 3 && input.shape().dim(2) == options.inputSize(),
        "%s: expected input " + layout + "; got %s", name, options.inputSize(), input.shape());
    checkArgument(input.shape().size() > 0, "%s: expected at least one time step and one sequence; got %s", name, input.shape());
    checkArgument(input.dtype() == options.dtype(), "%s: expected %s input; got %s", name, options.dtype(), input.dtype());
    return options.batchFirst() ? input.transpose(0, 1) : input;
  }

  private Result run(Tensor x, List<Tensor> initial, Padding padding) {
    int batch = x.shape().dim(1);
    List<Tensor> starts = checkedInitial(initial, batch);
    if (sweep != null && padding.runsAll(x.shape().dim(0))) {
      return swept(x, starts);
    }
    List<Tensor> steps = new ArrayList<>();
    for (int t = 0; t < x.shape().dim(0); t++) {
      steps.add(x.slice(0, t, t + 1).reshape(batch, options.inputSize()));
    }
    List<List<Tensor>> finals = noFinals();
    for (int k = 0; k < options.layers(); k++) {
      steps = layer(k, steps, starts, padding, finals);
    }
    return result(Tensor.stack(0, steps.toArray(Tensor[]::new)), finals);
  }

  /** One empty list per state, for each layer and direction's final value of that state. */
  private List<List<Tensor>> noFinals() {
    List<List<Tensor>> finals = new ArrayList<>();
    for (int s = 0; s < states; s++) {
      finals.add(new ArrayList<>());
    }
    return finals;
  }

  /** The time-first {@code output} in the options' layout, and each state's finals stacked. */
  private Result result(Tensor output, List<List<Tensor>> finals) {
    List<Tensor> stacked = new ArrayList<>();
    for (List<Tensor> f : finals) {
      stacked.add(Tensor.stack(0, f.toArray(Tensor[]::new)));
    }
    return new Result(options.batchFirst() ? output.transpose(0, 1) : output, List.copyOf(stacked));
  }

  /** Layer and direction {@code index}'s slice {@code [N, H]} of each state in {@code starts}. */
  private List<Tensor> start(List<Tensor> starts, int index, int batch) {
    List<Tensor> start = new ArrayList<>();
    for (Tensor state : starts) {
      start.add(state.slice(0, index, index + 1).reshape(batch, options.hiddenSize()));
    }
    return start;
  }

  /** {@link #run} by one {@link Sweep} op per layer and direction. */
  private Result swept(Tensor x, List<Tensor> starts) {
    int steps = x.shape().dim(0);
    int batch = x.shape().dim(1);
    int h = options.hiddenSize();
    List<List<Tensor>> finals = noFinals();
    Tensor input = x;
    for (int k = 0; k < options.layers(); k++) {
      Tensor[] outputs = new Tensor[options.directions()];
      for (int d = 0; d < options.directions(); d++) {
        int index = k * options.directions() + d;
        String suffix = suffix(k, d);
        Tensor weightIh = parameters.get("weight_ih" + suffix).tensor();
        Tensor weightHh = parameters.get("weight_hh" + suffix).tensor();
        Tensor bias = options.bias()
            ? parameters.get("bias_ih" + suffix).tensor().add(parameters.get("bias_hh" + suffix).tensor())
            : Tensor.zeros(Shape.of(weightHh.shape().dim(0)), options.dtype());
        List<Tensor> inputs = new ArrayList<>(List.of(input, weightIh, weightHh, bias));
        inputs.addAll(start(starts, index, batch));
        Tensor y = Tensor.apply(sweep.op(d == 1), inputs.toArray(Tensor[]::new)); // [T, N, states·H]
        outputs[d] = y.slice(2, 0, h);
        int last = d == 1 ? 0 : steps - 1; // the reverse direction ends at the first step
        Tensor end = y.slice(0, last, last + 1).reshape(batch, states * h);
        for (int s = 0; s < states; s++) {
          finals.get(s).add(end.slice(1, s * h, (s + 1) * h));
        }
      }
      input = outputs.length == 1 ? outputs[0] : Tensor.concat(2, outputs);
    }
    return result(input, finals);
  }

  /**
   * Runs layer {@code k} in each direction over {@code steps} (each {@code [N, features]}), starting from its
   * slices of {@code starts}; adds its final states to {@code finals} and returns its output at each step.
   */
  private List<Tensor> layer(int k, List<Tensor> steps, List<Tensor> starts, Padding padding, List<List<Tensor>> finals) {
    int batch = steps.get(0).shape().dim(0);
    List<Tensor[]> outputs = new ArrayList<>();
    for (int d = 0; d < options.directions(); d++) {
      Tensor[] out = new Tensor[steps.size()];
      List<Tensor> last = sweep(steps, suffix(k, d), d == 1, start(starts, k * options.directions() + d, batch), padding, out);
      for (int s = 0; s < last.size(); s++) {
        finals.get(s).add(last.get(s));
      }
      outputs.add(out);
    }
    List<Tensor> joined = new ArrayList<>();
    for (int t = 0; t < steps.size(); t++) {
      joined.add(options.bidirectional() ? Tensor.concat(1, outputs.get(0)[t], outputs.get(1)[t]) : outputs.get(0)[t]);
    }
    return joined;
  }

  /** The initial states, each {@code [layers·directions, N, H]}: the given ones after checking, or zeros. */
  private List<Tensor> checkedInitial(List<Tensor> initial, int batch) {
    Shape expected = Shape.of(options.layers() * options.directions(), batch, options.hiddenSize());
    if (initial.isEmpty()) {
      return Collections.nCopies(states, Tensor.zeros(expected, options.dtype()));
    }
    for (int s = 0; s < initial.size(); s++) {
      Tensor state = initial.get(s);
      checkArgument(state.shape().equals(expected),
          "%s: expected %s %s (layers·directions, N, H); got %s", name, STATE_NAMES.get(s), expected, state.shape());
      checkArgument(state.dtype() == options.dtype(),
          "%s: expected %s %s; got %s", name, options.dtype(), STATE_NAMES.get(s), state.dtype());
    }
    return initial;
  }

  /**
   * Runs one direction of one layer over the time steps {@code xs}, writing each step's output to
   * {@code out}; returns the final state.
   */
  private List<Tensor> sweep(List<Tensor> xs, String suffix, boolean reverse, List<Tensor> start, Padding padding, Tensor[] out) {
    Tensor weightIh = parameters.get("weight_ih" + suffix).tensor();
    Tensor weightHh = parameters.get("weight_hh" + suffix).tensor();
    List<Tensor> state = start;
    for (int i = 0; i < xs.size(); i++) {
      int t = reverse ? xs.size() - 1 - i : i;
      Tensor inputGates = affine(xs.get(t), weightIh, "bias_ih" + suffix);
      Tensor hiddenGates = affine(state.get(0), weightHh, "bias_hh" + suffix);
      state = padding.keep(t, cell.step(inputGates, hiddenGates, state), state);
      out[t] = padding.output(t, state.get(0));
    }
    return state;
  }

  private Tensor affine(Tensor x, Tensor weight, String biasName) {
    Tensor y = x.matmulTransposed(weight);
    return options.bias() ? y.add(parameters.get(biasName).tensor()) : y;
  }
}
