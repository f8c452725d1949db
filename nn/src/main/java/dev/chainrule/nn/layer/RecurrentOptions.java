package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a recurrent layer ({@link Rnn}, {@link Lstm}, {@link Gru}): sizes, depth, directions, input
 * layout, bias and dtype, with PyTorch's meanings ({@code input_size}, {@code hidden_size},
 * {@code num_layers}, {@code bidirectional}, {@code batch_first}, {@code bias}).
 *
 * <p>An immutable value: start from {@link #of} and change one thing at a time,
 * {@code RecurrentOptions.of(3, 5).withLayers(2).withBidirectional(true)}.
 *
 * @param inputSize features of each time step of the input
 * @param hiddenSize features of the hidden state, {@code H}
 * @param layers stacked layers; layer {@code k > 0} reads the outputs of layer {@code k - 1}
 * @param bidirectional whether each layer also runs from the last time step to the first, its outputs
 *     concatenated after the forward direction's
 * @param batchFirst whether inputs and outputs are {@code [N, T, features]} instead of {@code [T, N, features]};
 *     states are {@code [layers·directions, N, H]} either way
 * @param bias whether the layer has the biases {@code bias_ih} and {@code bias_hh}
 * @param dtype the dtype of the parameters, and so of inputs and states
 */
public record RecurrentOptions(
    int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean batchFirst, boolean bias, DType dtype) {

  /**
   * Checks the sizes.
   *
   * @param inputSize features of each time step of the input
   * @param hiddenSize features of the hidden state, {@code H}
   * @param layers stacked layers; layer {@code k > 0} reads the outputs of layer {@code k - 1}
   * @param bidirectional whether each layer also runs from the last time step to the first, its outputs
   *     concatenated after the forward direction's
   * @param batchFirst whether inputs and outputs are {@code [N, T, features]} instead of {@code [T, N, features]};
   *     states are {@code [layers·directions, N, H]} either way
   * @param bias whether the layer has the biases {@code bias_ih} and {@code bias_hh}
   * @param dtype the dtype of the parameters, and so of inputs and states
   */
  public RecurrentOptions {
    checkArgument(
        inputSize > 0 && hiddenSize > 0 && layers > 0,
        "recurrent options: input size, hidden size and layers must be positive; got input %s, hidden %s, layers %s",
        inputSize, hiddenSize, layers);
    checkNotNull(dtype, "recurrent options: dtype is null");
  }

  /**
   * One time-first, unidirectional float64 layer with bias: PyTorch's defaults.
   *
   * @param inputSize the features of each time step of the input, positive
   * @param hiddenSize the features of the hidden state, positive
   * @return the options
   */
  public static RecurrentOptions of(int inputSize, int hiddenSize) {
    return new RecurrentOptions(inputSize, hiddenSize, 1, false, false, true, DType.FLOAT64);
  }

  /**
   * These options with {@code layers} stacked layers.
   *
   * @param layers the number of layers, positive
   * @return new options; these are unchanged
   */
  public RecurrentOptions withLayers(int layers) {
    return new RecurrentOptions(inputSize, hiddenSize, layers, bidirectional, batchFirst, bias, dtype);
  }

  /**
   * These options, running in both directions or only forward.
   *
   * @param bidirectional true to run in both directions
   * @return new options; these are unchanged
   */
  public RecurrentOptions withBidirectional(boolean bidirectional) {
    return new RecurrentOptions(inputSize, hiddenSize, layers, bidirectional, batchFirst, bias, dtype);
  }

  /**
   * These options, with inputs and outputs batch first ({@code [N, T, features]}) or time first.
   *
   * @param batchFirst true for {@code [N, T, features]}, false for {@code [T, N, features]}
   * @return new options; these are unchanged
   */
  public RecurrentOptions withBatchFirst(boolean batchFirst) {
    return new RecurrentOptions(inputSize, hiddenSize, layers, bidirectional, batchFirst, bias, dtype);
  }

  /**
   * These options, with or without the biases.
   *
   * @param bias true to have the biases
   * @return new options; these are unchanged
   */
  public RecurrentOptions withBias(boolean bias) {
    return new RecurrentOptions(inputSize, hiddenSize, layers, bidirectional, batchFirst, bias, dtype);
  }

  /**
   * These options with parameters of {@code dtype}.
   *
   * @param dtype float32 or float64
   * @return new options; these are unchanged
   */
  public RecurrentOptions withDType(DType dtype) {
    return new RecurrentOptions(inputSize, hiddenSize, layers, bidirectional, batchFirst, bias, dtype);
  }

  /**
   * 2 for a bidirectional layer, else 1.
   *
   * @return the number of directions
   */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** A recurrent layer's description, e.g. {@code Lstm(3 → 5, 2 layers, bidirectional)}. */
  String describe(String type, String... extras) {
    List<String> parts = new ArrayList<>(List.of(inputSize + " → " + hiddenSize));
    parts.addAll(List.of(extras));
    if (layers > 1) {
      parts.add(layers + " layers");
    }
    if (bidirectional) {
      parts.add("bidirectional");
    }
    if (batchFirst) {
      parts.add("batch first");
    }
    if (!bias) {
      parts.add("no bias");
    }
    return type + "(" + String.join(", ", parts) + ")";
  }
}
