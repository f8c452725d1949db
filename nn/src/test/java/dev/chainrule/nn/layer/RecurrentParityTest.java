package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.PyTorchReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Rnn}, {@link Lstm} and {@link Gru} against {@code torch.nn.RNN}, {@code LSTM} and {@code GRU}: from
 * PyTorch's float64 weights (loaded through the state dict, names and layouts unchanged), the outputs, final
 * states and the gradients of {@code (out·R).sum() + (h_n·S).sum() [+ (c_n·U).sum()]} with respect to the
 * input, the initial states and every parameter agree to 1e-10. The values come from
 * {@code nn/src/test/python/generate_recurrent.py}.
 */
class RecurrentParityTest {
  private static final double TOLERANCE = 1e-10; // the worst difference seen is 8.9e-16
  private static final RecurrentOptions SMALL = RecurrentOptions.of(3, 5);
  private static final RecurrentOptions DEEP = SMALL.withLayers(2).withBidirectional(true);

  /** Runs a layer on an input, initial states (possibly none) and lengths (possibly none): out, h_n[, c_n]. */
  @FunctionalInterface
  private interface Runner {
    List<Tensor> run(Tensor x, List<Tensor> initial, int[] lengths);
  }

  @Test
  void tanhRnnWithAnInitialStateMatchesPyTorch() {
    Rnn rnn = Rnn.create(SMALL, new Random(1));
    assertMatches("rnn_tanh", rnn, runner(rnn));
  }

  @Test
  void twoLayerBidirectionalBatchFirstReluRnnMatchesPyTorch() {
    Rnn rnn = Rnn.create(DEEP.withBatchFirst(true), Rnn.Nonlinearity.RELU, new Random(1));
    assertMatches("rnn_relu_2layer_bidirectional_batch_first", rnn, runner(rnn));
  }

  @Test
  void lstmWithInitialStatesMatchesPyTorch() {
    Lstm lstm = Lstm.create(SMALL, new Random(1));
    assertMatches("lstm", lstm, runner(lstm));
  }

  @Test
  void twoLayerBidirectionalLstmMatchesPyTorch() {
    Lstm lstm = Lstm.create(DEEP, new Random(1));
    assertMatches("lstm_2layer_bidirectional", lstm, runner(lstm));
  }

  @Test
  void batchFirstLstmWithoutBiasMatchesPyTorch() {
    Lstm lstm = Lstm.create(SMALL.withBias(false).withBatchFirst(true), new Random(1));
    assertMatches("lstm_no_bias_batch_first", lstm, runner(lstm));
  }

  @Test
  void gruWithAnInitialStateMatchesPyTorch() {
    Gru gru = Gru.create(SMALL, new Random(1));
    assertMatches("gru", gru, runner(gru));
  }

  @Test
  void twoLayerBidirectionalGruMatchesPyTorch() {
    Gru gru = Gru.create(DEEP, new Random(1));
    assertMatches("gru_2layer_bidirectional", gru, runner(gru));
  }

  @Test
  void batchFirstGruWithoutBiasMatchesPyTorch() {
    Gru gru = Gru.create(SMALL.withBias(false).withBatchFirst(true), new Random(1));
    assertMatches("gru_no_bias_batch_first", gru, runner(gru));
  }

  @Test
  void bidirectionalRnnOnAPaddedBatchMatchesPackedSequences() {
    Rnn rnn = Rnn.create(SMALL.withBidirectional(true), new Random(1));
    assertMatches("rnn_tanh_lengths", rnn, runner(rnn));
  }

  @Test
  void twoLayerBidirectionalLstmOnAPaddedBatchMatchesPackedSequences() {
    Lstm lstm = Lstm.create(DEEP, new Random(1));
    assertMatches("lstm_2layer_bidirectional_lengths", lstm, runner(lstm));
  }

  @Test
  void bidirectionalBatchFirstGruOnAPaddedBatchMatchesPackedSequences() {
    Gru gru = Gru.create(SMALL.withBidirectional(true).withBatchFirst(true), new Random(1));
    assertMatches("gru_bidirectional_batch_first_lengths", gru, runner(gru));
  }

  private static Runner runner(Rnn rnn) {
    return (x, initial, lengths) -> outputs(lengths == null
        ? (initial.isEmpty() ? rnn.run(x) : rnn.run(x, initial.get(0)))
        : (initial.isEmpty() ? rnn.run(x, lengths) : rnn.run(x, initial.get(0), lengths)));
  }

  private static Runner runner(Gru gru) {
    return (x, initial, lengths) -> outputs(lengths == null
        ? (initial.isEmpty() ? gru.run(x) : gru.run(x, initial.get(0)))
        : (initial.isEmpty() ? gru.run(x, lengths) : gru.run(x, initial.get(0), lengths)));
  }

  private static Runner runner(Lstm lstm) {
    return (x, initial, lengths) -> {
      Lstm.Output o = lengths == null
          ? (initial.isEmpty() ? lstm.run(x) : lstm.run(x, initial.get(0), initial.get(1)))
          : (initial.isEmpty() ? lstm.run(x, lengths) : lstm.run(x, initial.get(0), initial.get(1), lengths));
      return List.of(o.output(), o.hidden(), o.cell());
    };
  }

  private static List<Tensor> outputs(RecurrentOutput o) {
    return List.of(o.output(), o.hidden());
  }

  /** Loads PyTorch's weights into {@code layer} and compares outputs, final states and every gradient. */
  private static void assertMatches(String name, Module layer, Runner runner) {
    PyTorchReference ref = PyTorchReference.load("recurrent_" + name + ".txt");
    List<String> torchNames = new ArrayList<>();
    for (String key : ref.tensors().keySet()) {
      if (key.startsWith("weight_") || key.startsWith("bias_")) {
        torchNames.add(key);
      }
    }
    assertEquals(torchNames, List.copyOf(layer.namedParameters().keySet()), name + ": state-dict names and order");
    Map<String, NdArray> state = new LinkedHashMap<>();
    torchNames.forEach(key -> state.put(key, ref.get(key)));
    layer.loadStateDict(state);

    Map<String, Tensor> inputs = new LinkedHashMap<>();
    inputs.put("x", Tensor.of(ref.get("x")).requiresGrad());
    List<Tensor> initial = new ArrayList<>();
    for (String key : List.of("h0", "c0")) {
      if (ref.tensors().containsKey(key)) {
        initial.add(Tensor.of(ref.get(key)).requiresGrad());
        inputs.put(key, initial.get(initial.size() - 1));
      }
    }
    for (Map.Entry<String, Parameter> p : layer.namedParameters().entrySet()) {
      inputs.put(p.getKey(), p.getValue().tensor());
    }
    int[] lengths = ref.tensors().containsKey("lengths") ? toInts(ref.get("lengths")) : null;

    List<Tensor> outs = runner.run(inputs.get("x"), initial, lengths);
    List<String> outNames = List.of("out", "h_n", "c_n");
    List<String> projections = List.of("R", "S", "U");
    Tensor loss = Tensor.scalar(0);
    for (int i = 0; i < outs.size(); i++) {
      assertClose(name, ref, outNames.get(i), outs.get(i).value());
      loss = loss.add(outs.get(i).mul(Tensor.of(ref.get(projections.get(i)))).sum());
    }
    List<Tensor> gradients = Autodiff.grad(loss, List.copyOf(inputs.values())).asList();
    int i = 0;
    for (String key : inputs.keySet()) {
      assertClose(name, ref, "grad_" + key, gradients.get(i++).value());
    }
  }

  private static void assertClose(String name, PyTorchReference ref, String key, NdArray actual) {
    NdArray expected = ref.get(key);
    assertEquals(expected.shape(), actual.shape(), name + " " + key + ": shape");
    double worst = 0;
    for (int j = 0; j < expected.size(); j++) {
      worst = Math.max(worst, Math.abs(expected.getFlat(j) - actual.getFlat(j)));
    }
    assertTrue(worst <= TOLERANCE, name + " " + key + ": max abs difference " + worst);
  }

  private static int[] toInts(NdArray values) {
    int[] ints = new int[values.size()];
    for (int j = 0; j < ints.length; j++) {
      ints[j] = (int) values.getFlat(j);
    }
    return ints;
  }
}
