package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.FunctionalCall;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Rnn}, {@link Lstm} and {@link Gru}: gradients of outputs and final states against central
 * differences in float64, parameter names and shapes, padded batches, and errors that name the layer and the
 * shapes. Agreement with PyTorch's values is {@link RecurrentParityTest}'s.
 */
class RecurrentLayersTest {
  private static final RecurrentOptions SMALL = RecurrentOptions.of(3, 3);
  private static final RecurrentOptions DEEP = SMALL.withLayers(2).withBidirectional(true);

  /**
   * Checks the gradients of everything {@code run} returns (outputs and final states, flattened and joined)
   * with respect to the input, the initial states and every parameter of {@code layer}.
   */
  private static GradCheck.Result check(
      Module layer, BiFunction<Tensor, List<Tensor>, List<Tensor>> run, NdArray x, List<NdArray> initial) {
    List<String> names = new ArrayList<>(layer.namedParameters().keySet());
    List<NdArray> inputs = new ArrayList<>(List.of(x));
    inputs.addAll(initial);
    names.forEach(name -> inputs.add(layer.namedParameters().get(name).value()));
    return GradCheck.check(xs -> {
      List<Tensor> states = xs.subList(1, 1 + initial.size());
      Module joined = new Module() {
        @Override
        public Tensor forward(Tensor input) {
          return Tensor.concat(0, run.apply(input, states).stream().map(t -> t.reshape(-1)).toArray(Tensor[]::new));
        }

        @Override
        public Map<String, Parameter> localParameters() {
          return layer.localParameters();
        }
      };
      Map<String, Tensor> bound = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        bound.put(names.get(i), xs.get(1 + initial.size() + i));
      }
      return FunctionalCall.apply(joined, bound, xs.get(0));
    }, inputs);
  }

  private static NdArray randn(long seed, int... dims) {
    return NdArray.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  private static List<Tensor> both(RecurrentOutput o) {
    return List.of(o.output(), o.hidden());
  }

  private static List<Tensor> all(Lstm.Output o) {
    return List.of(o.output(), o.hidden(), o.cell());
  }

  @Test
  void tanhRnnWithAnInitialStateMatchesFiniteDifferences() {
    Rnn rnn = Rnn.create(SMALL, new Random(1));
    check(rnn, (x, s) -> both(rnn.run(x, s.get(0))), randn(2, 4, 2, 3), List.of(randn(3, 1, 2, 3))).assertPassed();
  }

  @Test
  void twoLayerBidirectionalReluRnnMatchesFiniteDifferences() {
    Rnn rnn = Rnn.create(DEEP, Rnn.Nonlinearity.RELU, new Random(4));
    check(rnn, (x, s) -> both(rnn.run(x)), randn(5, 3, 2, 3), List.of()).assertPassed();
  }

  @Test
  void lstmWithInitialStatesMatchesFiniteDifferences() {
    Lstm lstm = Lstm.create(SMALL, new Random(6));
    check(lstm, (x, s) -> all(lstm.run(x, s.get(0), s.get(1))), randn(7, 4, 2, 3),
        List.of(randn(8, 1, 2, 3), randn(9, 1, 2, 3))).assertPassed();
  }

  @Test
  void twoLayerBidirectionalBatchFirstLstmMatchesFiniteDifferences() {
    Lstm lstm = Lstm.create(DEEP.withBatchFirst(true), new Random(10));
    check(lstm, (x, s) -> all(lstm.run(x, s.get(0), s.get(1))), randn(11, 2, 3, 3),
        List.of(randn(12, 4, 2, 3), randn(13, 4, 2, 3))).assertPassed();
  }

  @Test
  void gruWithAnInitialStateMatchesFiniteDifferences() {
    Gru gru = Gru.create(SMALL, new Random(14));
    check(gru, (x, s) -> both(gru.run(x, s.get(0))), randn(15, 4, 2, 3), List.of(randn(16, 1, 2, 3))).assertPassed();
  }

  @Test
  void twoLayerBidirectionalGruWithoutBiasMatchesFiniteDifferences() {
    Gru gru = Gru.create(DEEP.withBias(false), new Random(17));
    check(gru, (x, s) -> both(gru.run(x, s.get(0))), randn(18, 3, 2, 3), List.of(randn(19, 4, 2, 3))).assertPassed();
  }

  @Test
  void bidirectionalLstmOnAPaddedBatchMatchesFiniteDifferences() {
    Lstm lstm = Lstm.create(SMALL.withBidirectional(true), new Random(20));
    int[] lengths = {2, 4, 1};
    check(lstm, (x, s) -> all(lstm.run(x, s.get(0), s.get(1), lengths)), randn(21, 4, 3, 3),
        List.of(randn(22, 2, 3, 3), randn(23, 2, 3, 3))).assertPassed();
  }

  @Test
  void parametersHavePyTorchsNamesShapesAndOrder() {
    Gru gru = Gru.create(RecurrentOptions.of(3, 5).withLayers(2).withBidirectional(true), new Random(1));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    gru.namedParameters().forEach((name, p) -> shapes.put(name, p.shape()));
    Map<String, Shape> expected = new LinkedHashMap<>();
    for (String layer : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
      expected.put("weight_ih" + layer, Shape.of(15, layer.startsWith("_l0") ? 3 : 10));
      expected.put("weight_hh" + layer, Shape.of(15, 5));
      expected.put("bias_ih" + layer, Shape.of(15));
      expected.put("bias_hh" + layer, Shape.of(15));
    }
    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(shapes.entrySet()));
    assertEquals(List.of("weight_ih_l0", "weight_hh_l0"),
        List.copyOf(Lstm.create(SMALL.withBias(false), new Random(1)).namedParameters().keySet()));
  }

  @Test
  void parametersAreDrawnWithinOneOverTheSquareRootOfTheHiddenSize() {
    Lstm lstm = Lstm.create(RecurrentOptions.of(7, 16), new Random(2));
    double largest = 0;
    for (Parameter p : lstm.parameters()) {
      for (double v : p.value().toDoubleArray()) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    assertTrue(largest <= 0.25 && largest > 0.24, "largest |w| " + largest);
  }

  @Test
  void paddingNeverReachesOutputsOrFinalStates() {
    Gru gru = Gru.create(SMALL.withBidirectional(true).withBatchFirst(true), new Random(3));
    int[] lengths = {2, 4};
    NdArray x = randn(4, 2, 4, 3);
    double[] changed = x.toDoubleArray();
    for (int i = 2 * 3; i < 4 * 3; i++) {
      changed[i] = 100; // steps 2 and 3 of sequence 0, which are padding
    }
    RecurrentOutput a = gru.run(Tensor.of(x), lengths);
    RecurrentOutput b = gru.run(Tensor.of(NdArray.of(x.shape(), changed)), lengths);
    assertEquals(a.output().value(), b.output().value());
    assertEquals(a.hidden().value(), b.hidden().value());
    assertEquals(NdArray.zeros(Shape.of(1, 2, 6), DType.FLOAT64), a.output().slice(0, 0, 1).slice(1, 2, 4).value());
    RecurrentOutput alone = gru.run(Tensor.of(x).slice(0, 0, 1).slice(1, 0, 2));
    assertEquals(alone.hidden().value(), a.hidden().slice(1, 0, 1).value());
  }

  @Test
  void fullLengthsGiveTheSameResultAsNoLengths() {
    Lstm lstm = Lstm.create(DEEP, new Random(5));
    Tensor x = Tensor.of(randn(6, 4, 2, 3));
    Lstm.Output plain = lstm.run(x);
    Lstm.Output padded = lstm.run(x, new int[] {4, 4});
    assertEquals(plain.output().value(), padded.output().value());
    assertEquals(plain.cell().value(), padded.cell().value());
  }

  /**
   * Without lengths an LSTM runs each direction of each layer as one op ({@code LstmSweep}). The op, the
   * composed steps (the same parameters in a {@code Recurrence} without the op) and the op's recorded
   * backward (what higher orders differentiate) give the same gradients for every input and parameter, in
   * both dtypes.
   */
  @Test
  void theWholeSequenceOpAndTheComposedStepsGiveTheSameGradients() {
    for (DType dtype : DType.values()) {
      RecurrentOptions options = DEEP.withBatchFirst(true).withDType(dtype);
      Lstm lstm = Lstm.create(options, new Random(16));
      Recurrence composed = new Recurrence("lstm", options, 4, 2, Lstm::step, new Random(16));
      NdArray x = randn(17, 2, 4, 3).to(dtype);
      NdArray weights = randn(18, 2, 4, 6).to(dtype);
      List<List<NdArray>> grads = new ArrayList<>();
      for (String way : List.of("op", "composed", "recorded")) {
        List<Tensor> inputs = new ArrayList<>(List.of(Tensor.of(x).requiresGrad(),
            Tensor.of(randn(19, 4, 2, 3).to(dtype)).requiresGrad(), Tensor.of(randn(20, 4, 2, 3).to(dtype)).requiresGrad()));
        List<Tensor> out;
        if (way.equals("composed")) {
          composed.parameters().values().forEach(p -> inputs.add(p.tensor()));
          Recurrence.Result r = composed.run(inputs.get(0), List.of(inputs.get(1), inputs.get(2)));
          out = List.of(r.output(), r.finals().get(0), r.finals().get(1));
        } else {
          lstm.parameters().forEach(p -> inputs.add(p.tensor()));
          out = all(lstm.run(inputs.get(0), inputs.get(1), inputs.get(2)));
        }
        Tensor loss = out.get(0).mul(Tensor.of(weights)).sum().add(out.get(1).sum()).add(out.get(2).mul(out.get(2)).sum());
        GradOptions gradOptions = way.equals("recorded") ? GradOptions.creatingGraph() : GradOptions.defaults();
        grads.add(Autodiff.grad(loss, inputs, gradOptions).asList().stream().map(Tensor::value).collect(Collectors.toList()));
      }
      assertAllClose(grads, dtype == DType.FLOAT64 ? 1e-12 : 1e-5, dtype.toString());
    }
  }

  /**
   * The op's steps round as its composed definition does ({@link Lstm#step} on the input projection with
   * the summed bias): the same outputs and final states, bit for bit, in both dtypes.
   */
  @Test
  void theWholeSequenceOpGivesItsComposedStepsOutputsExactly() {
    for (DType dtype : DType.values()) {
      Lstm lstm = Lstm.create(RecurrentOptions.of(3, 5).withDType(dtype), new Random(26));
      Map<String, Parameter> p = lstm.namedParameters();
      Tensor x = Tensor.of(randn(27, 4, 2, 3).to(dtype));
      List<Tensor> state = List.of(Tensor.of(randn(28, 1, 2, 5).to(dtype)), Tensor.of(randn(29, 1, 2, 5).to(dtype)));
      Lstm.Output op = lstm.run(x, state.get(0), state.get(1));
      Tensor bias = p.get("bias_ih_l0").tensor().add(p.get("bias_hh_l0").tensor());
      List<Tensor> steps = List.of(state.get(0).squeeze(0), state.get(1).squeeze(0));
      for (int t = 0; t < 4; t++) {
        Tensor inputGates = x.slice(0, t, t + 1).squeeze(0).matmulTransposed(p.get("weight_ih_l0").tensor()).add(bias);
        steps = Lstm.step(inputGates, steps.get(0).matmulTransposed(p.get("weight_hh_l0").tensor()), steps);
        assertArrayEquals(steps.get(0).value().toDoubleArray(), op.output().slice(0, t, t + 1).value().toDoubleArray(), dtype + " step " + t);
      }
      assertArrayEquals(steps.get(1).value().toDoubleArray(), op.cell().value().toDoubleArray(), dtype + " final cell");
    }
  }

  /**
   * The op sweeps shares of at least 8 sequences on separate threads when there are several (two on a
   * two-core machine): a batch of 16, both directions, gives every sequence's outputs and gradients as
   * running that sequence alone does, and weight gradients that are the sums of the sequences' own.
   */
  @Test
  void sequencesSweptInSharesGiveEachSequencesOwnResults() {
    int batch = 16;
    Lstm lstm = Lstm.create(SMALL.withBidirectional(true), new Random(30));
    NdArray x = randn(31, 4, batch, 3);
    NdArray h0 = randn(32, 2, batch, 3);
    NdArray c0 = randn(33, 2, batch, 3);
    NdArray weights = randn(34, 4, batch, 6);
    List<Tensor> all = new ArrayList<>(List.of(Tensor.of(x).requiresGrad(), Tensor.of(h0).requiresGrad(), Tensor.of(c0).requiresGrad()));
    lstm.parameters().forEach(p -> all.add(p.tensor()));
    Lstm.Output together = lstm.run(all.get(0), all.get(1), all.get(2));
    List<Tensor> grads = Autodiff.grad(together.output().mul(Tensor.of(weights)).sum().add(together.cell().sum()), all).asList();
    double[] weightGrads = new double[grads.get(3).value().size()];
    for (int n = 0; n < batch; n++) {
      List<Tensor> one = new ArrayList<>(List.of(Tensor.of(x).slice(1, n, n + 1).requiresGrad(), Tensor.of(h0).slice(1, n, n + 1).requiresGrad(),
          Tensor.of(c0).slice(1, n, n + 1).requiresGrad()));
      lstm.parameters().forEach(p -> one.add(p.tensor()));
      Lstm.Output alone = lstm.run(one.get(0), one.get(1), one.get(2));
      Tensor loss = alone.output().mul(Tensor.of(weights).slice(1, n, n + 1)).sum().add(alone.cell().sum());
      List<Tensor> oneGrads = Autodiff.grad(loss, one).asList();
      assertClose(alone.output().value(), together.output().slice(1, n, n + 1).value(), "output of sequence " + n);
      for (int i = 0; i < 3; i++) {
        assertClose(oneGrads.get(i).value(), grads.get(i).slice(1, n, n + 1).value(), "gradient " + i + " of sequence " + n);
      }
      double[] w = oneGrads.get(3).value().toDoubleArray();
      for (int j = 0; j < w.length; j++) {
        weightGrads[j] += w[j];
      }
    }
    assertClose(NdArray.of(grads.get(3).shape(), weightGrads), grads.get(3).value(), "weight_ih_l0's gradient, summed");
  }

  private static void assertClose(NdArray expected, NdArray actual, String what) {
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    assertEquals(e.length, a.length, what);
    for (int j = 0; j < e.length; j++) {
      assertEquals(e[j], a[j], 1e-12 * (1 + Math.abs(e[j])), what + " element " + j);
    }
  }

  /**
   * vmap's default rule runs one op for every member of the batch, so an {@code LstmSweep} sees several
   * forwards: gradients through it must still be each member's, as a loop over the members gives them.
   */
  @Test
  void gradientsThroughAVmappedLstmEqualALoopOverTheMembers() {
    Lstm lstm = Lstm.create(DEEP.withBatchFirst(true), new Random(23));
    NdArray xs = randn(24, 3, 2, 4, 3); // 3 members, each a batch of 2 sequences of 4 steps
    NdArray weights = randn(25, 3, 2, 4, 6);
    List<List<NdArray>> grads = new ArrayList<>();
    for (boolean vmapped : new boolean[] {true, false}) {
      List<Tensor> inputs = new ArrayList<>(List.of(Tensor.of(xs).requiresGrad()));
      lstm.parameters().forEach(p -> inputs.add(p.tensor()));
      Tensor outputs;
      if (vmapped) {
        outputs = Autodiff.vmap((Tensor x) -> lstm.run(x).output()).apply(inputs.get(0));
      } else {
        Tensor[] members = new Tensor[3];
        for (int b = 0; b < 3; b++) {
          members[b] = lstm.run(inputs.get(0).slice(0, b, b + 1).squeeze(0)).output();
        }
        outputs = Tensor.stack(0, members);
      }
      Tensor loss = outputs.mul(Tensor.of(weights)).sum();
      grads.add(Autodiff.grad(loss, inputs).asList().stream().map(Tensor::value).collect(Collectors.toList()));
    }
    assertAllClose(grads, 1e-12, "vmap");
  }

  /**
   * A gradient taken inside a jvp without creating a graph still carries tangents, so the whole-sequence
   * op must take its composed backward there: the tangent of the input's gradient is the Hessian-vector
   * product that reverse over reverse gives.
   */
  @Test
  void aGradientThroughTheLstmInsideAJvpCarriesTangents() {
    Lstm lstm = Lstm.create(SMALL.withBatchFirst(true), new Random(26));
    Tensor x = Tensor.of(randn(27, 2, 4, 3));
    Tensor v = Tensor.of(randn(28, 2, 4, 3));
    Tensor w = Tensor.of(randn(29, 2, 4, 3));
    java.util.function.UnaryOperator<Tensor> f = t -> lstm.run(t).output().mul(w).sum();
    Tensor tangent;
    try (dev.chainrule.autodiff.GradScope on = Autodiff.enableGrad()) {
      tangent = Autodiff.jvp(t -> Autodiff.grad(f.apply(t), List.of(t)).get(t), x.requiresGrad(), v).tangent();
    }
    assertAllClose(List.of(List.of(Autodiff.hvp(f, x, v).value()), List.of(tangent.value())), 1e-12, "jvp of grad");
  }

  /** Every list of gradients equals the first, element by element, within {@code tolerance} relative to 1 + |value|. */
  private static void assertAllClose(List<List<NdArray>> grads, double tolerance, String what) {
    for (int way = 1; way < grads.size(); way++) {
      for (int i = 0; i < grads.get(0).size(); i++) {
        double[] first = grads.get(0).get(i).toDoubleArray();
        double[] other = grads.get(way).get(i).toDoubleArray();
        assertEquals(first.length, other.length, what + " gradient " + i);
        for (int j = 0; j < first.length; j++) {
          assertEquals(other[j], first[j], tolerance * (1 + Math.abs(other[j])), what + " way " + way + " gradient " + i + " element " + j);
        }
      }
    }
  }

  @Test
  void lstmSecondDerivativesMatchFiniteDifferences() {
    Lstm lstm = Lstm.create(DEEP.withBatchFirst(true).withLayers(1), new Random(21));
    LayerGradientsTest.checkSecondOrder(lstm, randn(22, 2, 3, 3)).assertPassed();
  }

  @Test
  void forwardReturnsTheOutputsInTheInputsLayout() {
    Rnn rnn = Rnn.create(RecurrentOptions.of(3, 5).withBidirectional(true).withBatchFirst(true), new Random(7));
    assertEquals(Shape.of(2, 4, 10), rnn.forward(Tensor.of(randn(8, 2, 4, 3))).shape());
    assertEquals(Shape.of(2, 2, 5), rnn.run(Tensor.of(randn(8, 2, 4, 3))).hidden().shape());
    Lstm lstm = Lstm.create(RecurrentOptions.of(3, 5).withLayers(3).withDType(DType.FLOAT32), new Random(9));
    assertEquals(Shape.of(3, 2, 5), lstm.run(Tensor.of(randn(10, 4, 2, 3).to(DType.FLOAT32))).cell().shape());
  }

  @Test
  void toStringNamesTheConfiguration() {
    assertEquals("Rnn(3 → 5, relu, 2 layers, bidirectional)",
        Rnn.create(RecurrentOptions.of(3, 5).withLayers(2).withBidirectional(true), Rnn.Nonlinearity.RELU, new Random(1)).toString());
    assertEquals("Gru(3 → 5, batch first, no bias)",
        Gru.create(RecurrentOptions.of(3, 5).withBatchFirst(true).withBias(false), new Random(1)).toString());
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  @Test
  void anInputOfTheWrongSizeOrRankIsRejectedWithTheExpectedLayout() {
    Lstm lstm = Lstm.create(RecurrentOptions.of(3, 5), new Random(1));
    assertMessage("lstm: expected input [T, N, 3] (time first); got [4, 2, 7]", () -> lstm.forward(Tensor.of(randn(1, 4, 2, 7))));
    assertMessage("lstm: expected input [T, N, 3] (time first); got [4, 3]", () -> lstm.forward(Tensor.of(randn(1, 4, 3))));
    Gru gru = Gru.create(RecurrentOptions.of(3, 5).withBatchFirst(true), new Random(1));
    assertMessage("gru: expected input [N, T, 3] (batch first); got [2, 4, 5]", () -> gru.forward(Tensor.of(randn(1, 2, 4, 5))));
    assertMessage("gru: expected at least one time step and one sequence; got [2, 0, 3]",
        () -> gru.forward(Tensor.of(NdArray.zeros(Shape.of(2, 0, 3), DType.FLOAT64))));
    assertMessage("rnn: expected float64 input; got float32",
        () -> Rnn.create(SMALL, new Random(1)).forward(Tensor.of(randn(1, 4, 2, 3).to(DType.FLOAT32))));
  }

  @Test
  void initialStatesOfTheWrongShapeAreRejectedWithTheExpectedShape() {
    Lstm lstm = Lstm.create(RecurrentOptions.of(3, 5).withLayers(2).withBidirectional(true), new Random(1));
    Tensor x = Tensor.of(randn(1, 4, 2, 3));
    Tensor good = Tensor.of(randn(2, 4, 2, 5));
    Tensor bad = Tensor.of(randn(3, 2, 2, 5));
    assertMessage("lstm: expected initial hidden state [4, 2, 5] (layers·directions, N, H); got [2, 2, 5]",
        () -> lstm.run(x, bad, good));
    assertMessage("lstm: expected initial cell state [4, 2, 5] (layers·directions, N, H); got [2, 2, 5]",
        () -> lstm.run(x, good, bad));
    Rnn rnn = Rnn.create(RecurrentOptions.of(3, 5).withBatchFirst(true), new Random(1));
    assertMessage("rnn: expected initial hidden state [1, 2, 5] (layers·directions, N, H); got [1, 4, 5]",
        () -> rnn.run(Tensor.of(randn(1, 2, 4, 3)), Tensor.of(randn(4, 1, 4, 5))));
  }

  @Test
  void lengthsMustBeOnePerSequenceAndWithinTheTimeSteps() {
    Gru gru = Gru.create(RecurrentOptions.of(3, 5), new Random(1));
    Tensor x = Tensor.of(randn(1, 4, 2, 3));
    assertMessage("gru: expected 2 lengths, one per sequence; got 3", () -> gru.run(x, new int[] {4, 3, 2}));
    assertMessage("gru: lengths must be between 1 and the 4 time steps; got [5, 2]", () -> gru.run(x, new int[] {5, 2}));
    assertMessage("gru: lengths must be between 1 and the 4 time steps; got [0, 2]", () -> gru.run(x, new int[] {0, 2}));
  }

  @Test
  void optionsRejectNonPositiveSizes() {
    assertMessage("recurrent options: input size, hidden size and layers must be positive; got input 3, hidden 0, layers 1",
        () -> RecurrentOptions.of(3, 0));
    assertMessage("recurrent options: input size, hidden size and layers must be positive; got input 3, hidden 5, layers 0",
        () -> RecurrentOptions.of(3, 5).withLayers(0));
  }
}
