package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.FunctionalCall;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every layer's gradients, with respect to its input and to each of its parameters, checked against
 * central differences in float64 through the public {@link GradCheck}.
 */
class LayerGradientsTest {

  /** Checks {@code layer} at {@code input}: the input and every parameter are the checked variables. */
  static GradCheck.Result check(Module layer, NdArray input) {
    return GradCheck.check(bound(layer), inputs(layer, input));
  }

  /** As {@link #check}, for the second derivatives (the gradient's own gradient). */
  static GradCheck.Result checkSecondOrder(Module layer, NdArray input) {
    return GradCheck.defaults().runSecondOrder(bound(layer), inputs(layer, input));
  }

  /** {@code input} followed by the value of every parameter of {@code layer}, in name order. */
  private static List<NdArray> inputs(Module layer, NdArray input) {
    List<NdArray> inputs = new ArrayList<>();
    inputs.add(input);
    layer.namedParameters().values().forEach(p -> inputs.add(p.value()));
    return inputs;
  }

  /** The layer as a function of its input and its parameters (in name order). */
  private static Function<List<Tensor>, Tensor> bound(Module layer) {
    List<String> names = new ArrayList<>(layer.namedParameters().keySet());
    return xs -> {
      Map<String, Tensor> bound = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        bound.put(names.get(i), xs.get(i + 1));
      }
      return FunctionalCall.apply(layer, bound, xs.get(0));
    };
  }

  private static NdArray randn(long seed, int... dims) {
    return NdArray.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  @Property(tries = 20)
  void linearWithBiasMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int in, @ForAll @IntRange(min = 1, max = 4) int out,
      @ForAll @IntRange(min = 1, max = 3) int batch, @ForAll long seed) {
    Linear layer = Linear.create(in, out, DType.FLOAT64, Init.uniform(-1, 1), new Random(seed));
    check(layer, randn(seed, batch, in)).assertPassed();
  }

  @Test
  void linearWithoutBiasMatchesFiniteDifferencesOnARankThreeInput() {
    Linear layer = Linear.withoutBias(3, 2, DType.FLOAT64, Init.heNormal(), new Random(1));
    check(layer, randn(2, 2, 4, 3)).assertPassed();
    assertEquals(List.of("weight"), List.copyOf(layer.namedParameters().keySet()));
  }

  @Test
  void everyActivationMatchesFiniteDifferences() {
    NdArray x = randn(3, 3, 4).map(v -> Math.abs(v) < 1e-3 ? 0.5 : v);
    for (Module a : List.of(Activation.sigmoid(), Activation.tanh(), Activation.relu(), Activation.leakyRelu(0.1),
        Activation.softmax(1), Activation.logSoftmax(-1))) {
      check(a, x).assertPassed();
    }
  }

  @Test
  void batchNormMatchesFiniteDifferencesInTrainingMode() {
    BatchNorm1d bn = BatchNorm1d.create(3, DType.FLOAT64);
    bn.localParameters().get("weight").update(randn(4, 3));
    bn.localParameters().get("bias").update(randn(5, 3));
    try (ModeScope train = Mode.train()) {
      check(bn, randn(6, 5, 3)).assertPassed();
    }
  }

  @Test
  void batchNormMatchesFiniteDifferencesInEvaluationMode() {
    BatchNorm1d bn = BatchNorm1d.create(3, DType.FLOAT64);
    bn.localBuffers().get("running_mean").update(randn(7, 3));
    bn.localBuffers().get("running_var").update(randn(8, 3).map(v -> 0.5 + v * v));
    try (ModeScope eval = Mode.eval()) {
      check(bn, randn(9, 4, 3)).assertPassed();
    }
  }

  @Test
  void layerNormMatchesFiniteDifferences() {
    LayerNorm ln = LayerNorm.create(4, DType.FLOAT64);
    ln.localParameters().get("weight").update(randn(10, 4));
    ln.localParameters().get("bias").update(randn(11, 4));
    check(ln, randn(12, 3, 4)).assertPassed();
  }

  @Test
  void dropoutWithAFixedMaskMatchesFiniteDifferences() {
    Dropout dropout = Dropout.create(0.4, 1);
    NdArray mask = NdArray.of(Shape.of(2, 3), 1, 0, 1, 1, 1, 0);
    GradCheck.check(t -> dropout.withMask(t, mask), randn(13, 2, 3)).assertPassed();
    NdArray y = dropout.withMask(Tensor.of(NdArray.full(Shape.of(2, 3), DType.FLOAT64, 1)), mask).value();
    assertEquals(1 / 0.6, y.get(0, 0), 1e-15);
    assertEquals(0, y.get(0, 1));
  }

  @Test
  void embeddingWithRepeatedIndicesMatchesFiniteDifferences() {
    Embedding embedding = Embedding.create(5, 3, DType.FLOAT64, new Random(14));
    Tensor indices = Tensor.of(new double[][] {{1, 4}, {1, 0}});
    GradCheck.check(xs -> FunctionalCall.apply(embedding, Map.of("weight", xs.get(0)), indices),
        List.of(embedding.namedParameters().get("weight").value())).assertPassed();
    assertEquals(Shape.of(2, 2, 3), embedding.forward(indices).shape());
  }

  @Test
  void flattenMatchesFiniteDifferences() {
    check(new Flatten(), randn(15, 2, 3, 2)).assertPassed();
    assertEquals(Shape.of(2, 6), new Flatten().forward(Tensor.of(randn(15, 2, 3, 2))).shape());
  }

  @Test
  void dropoutZeroesAboutPOfTheElementsInTrainingAndNoneInEvaluation() {
    Dropout dropout = Dropout.create(0.3, 42);
    Tensor ones = Tensor.of(NdArray.full(Shape.of(100, 100), DType.FLOAT64, 1));
    double zeros = dropout.forward(ones).eq(0).mean().item();
    assertTrue(Math.abs(zeros - 0.3) < 0.02, "fraction zeroed " + zeros);
    try (ModeScope eval = Mode.eval()) {
      assertEquals(ones.value(), dropout.forward(ones).value());
    }
  }
}
