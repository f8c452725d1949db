package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.FunctionalCall;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link MultiheadAttention}: layout, initialisation, gradients, masks and errors. */
class MultiheadAttentionTest {
  private static final MultiheadAttention.Options BATCH_FIRST = MultiheadAttention.Options.defaults().batchFirst();

  private static Tensor randn(long seed, int... dims) {
    return Tensor.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  private static MultiheadAttention layer(int width, int heads, MultiheadAttention.Options options, long seed) {
    MultiheadAttention mha = MultiheadAttention.create(width, heads, options, DType.FLOAT64, new Random(seed));
    Random random = new Random(seed + 1);
    for (Parameter p : mha.parameters()) {
      p.update(NdArray.randn(p.shape(), DType.FLOAT64, random).map(v -> 0.5 * v));
    }
    return mha;
  }

  @Test
  void parametersHavePyTorchsNamesShapesAndOrder() {
    MultiheadAttention mha = MultiheadAttention.create(8, 2, DType.FLOAT64, new Random(1));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    mha.namedParameters().forEach((name, p) -> shapes.put(name, p.shape()));
    assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(shapes.keySet()));
    assertEquals(List.of(Shape.of(24, 8), Shape.of(24), Shape.of(8, 8), Shape.of(8)), List.copyOf(shapes.values()));
    assertEquals(24 * 8 + 24 + 8 * 8 + 8, mha.parameterCount());
  }

  @Test
  void initialisationFollowsPyTorch() {
    MultiheadAttention mha = MultiheadAttention.create(16, 4, DType.FLOAT64, new Random(2));
    Map<String, Parameter> p = mha.namedParameters();
    assertWithinAndNearBound(p.get("in_proj_weight").value(), Math.sqrt(6.0 / (16 + 48)));
    assertWithinAndNearBound(p.get("out_proj.weight").value(), 1 / Math.sqrt(16));
    assertEquals(NdArray.zeros(Shape.of(48), DType.FLOAT64), p.get("in_proj_bias").value());
    assertEquals(NdArray.zeros(Shape.of(16), DType.FLOAT64), p.get("out_proj.bias").value());
  }

  private static void assertWithinAndNearBound(NdArray w, double bound) {
    double largest = 0;
    for (int i = 0; i < w.size(); i++) {
      largest = Math.max(largest, Math.abs(w.getFlat(i)));
    }
    assertTrue(largest <= bound && largest > 0.9 * bound, "largest |w| " + largest + " for bound " + bound);
  }

  @Test
  void selfAttentionMatchesFiniteDifferences() {
    MultiheadAttention mha = layer(4, 2, MultiheadAttention.Options.defaults(), 3);
    LayerGradientsTest.check(mha, randn(4, 3, 2, 4).value()).assertPassed();
  }

  @Test
  void maskedCrossAttentionMatchesFiniteDifferencesForInputsAndParameters() {
    MultiheadAttention mha = layer(4, 2, BATCH_FIRST, 5);
    NdArray padding = NdArray.of(new double[][] {{0, 0, 1}, {0, 1, 0}});
    AttentionMask mask = AttentionMask.causal().withKeyPadding(padding);
    Map<String, Parameter> parameters = mha.namedParameters();
    List<String> names = new ArrayList<>(parameters.keySet());
    List<NdArray> inputs = new ArrayList<>(List.of(randn(6, 2, 2, 4).value(), randn(7, 2, 3, 4).value(), randn(8, 2, 3, 4).value()));
    names.forEach(name -> inputs.add(parameters.get(name).value()));
    GradCheck.check(xs -> {
      Map<String, Tensor> bound = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        bound.put(names.get(i), xs.get(i + 3));
      }
      Module attend = new Module() {
        @Override
        public Tensor forward(Tensor query) {
          MultiheadAttention.Result r = mha.attend(query, xs.get(1), xs.get(2), mask);
          return Tensor.concat(-1, r.output().reshape(-1), r.averagedWeights().reshape(-1));
        }

        @Override
        public Map<String, Module> children() {
          return Map.of("attention", mha);
        }
      };
      return FunctionalCall.apply(attend, prefixed(bound), xs.get(0));
    }, inputs).assertPassed();
  }

  /** The names the wrapper, which registers the layer as {@code attention}, gives its parameters. */
  private static Map<String, Tensor> prefixed(Map<String, Tensor> bound) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    bound.forEach((name, t) -> out.put("attention." + name, t));
    return out;
  }

  @Test
  void forwardIsSelfAttentionWithoutMasks() {
    MultiheadAttention mha = layer(6, 3, MultiheadAttention.Options.defaults(), 9);
    Tensor x = randn(10, 4, 2, 6);
    assertEquals(mha.attend(x, x, x).output().value(), mha.forward(x).value());
    assertEquals(Shape.of(4, 2, 6), mha.forward(x).shape());
  }

  @Test
  void sequenceFirstIsBatchFirstTransposed() {
    MultiheadAttention seqFirst = layer(4, 2, MultiheadAttention.Options.defaults(), 11);
    MultiheadAttention batchFirst = layer(4, 2, BATCH_FIRST, 11);
    Tensor q = randn(12, 2, 3, 4);
    Tensor kv = randn(13, 2, 5, 4);
    MultiheadAttention.Result a = batchFirst.attend(q, kv, kv);
    MultiheadAttention.Result b = seqFirst.attend(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1));
    assertTrue(a.output().value().allClose(b.output().transpose(0, 1).value(), 1e-14, 0));
    assertEquals(a.headWeights().value(), b.headWeights().value());
    assertEquals(Shape.of(2, 2, 3, 5), a.headWeights().shape());
    assertEquals(Shape.of(2, 3, 5), a.averagedWeights().shape());
  }

  @Test
  void weightsAreRowStochasticAndZeroWhereMasked() {
    MultiheadAttention mha = layer(4, 2, BATCH_FIRST, 14);
    Tensor x = randn(15, 2, 4, 4);
    NdArray padding = NdArray.of(new double[][] {{0, 0, 0, 1}, {0, 0, 0, 0}});
    NdArray w = mha.attend(x, x, x, AttentionMask.causal().withKeyPadding(padding)).headWeights().value();
    for (int n = 0; n < 2; n++) {
      for (int h = 0; h < 2; h++) {
        for (int l = 0; l < 4; l++) {
          double sum = 0;
          for (int s = 0; s < 4; s++) {
            boolean masked = s > l || padding.get(n, s) == 1;
            assertTrue(!masked || w.get(n, h, l, s) == 0, "weight at " + n + h + l + s);
            sum += w.get(n, h, l, s);
          }
          assertEquals(1, sum, 1e-14);
        }
      }
    }
  }

  @Test
  void aQueryWithEveryKeyMaskedGetsNaNAsInPyTorch() {
    MultiheadAttention mha = layer(4, 2, BATCH_FIRST, 16);
    Tensor x = randn(17, 2, 3, 4);
    NdArray padding = NdArray.of(new double[][] {{1, 1, 1}, {0, 0, 1}});
    Tensor output = mha.attend(x, x, x, AttentionMask.none().withKeyPadding(padding)).output();
    assertTrue(Double.isNaN(output.value().get(0, 0, 0)));
    assertFalse(Double.isNaN(output.value().get(1, 2, 3)));
    output.sum().backward();
    assertTrue(Double.isNaN(mha.namedParameters().get("in_proj_weight").grad().getFlat(0)));
  }

  @Test
  void dropoutActsOnWeightsInTrainingOnly() {
    MultiheadAttention mha = layer(4, 2, BATCH_FIRST.withDropout(0.5, 18), 19);
    MultiheadAttention plain = layer(4, 2, BATCH_FIRST, 19);
    Tensor x = randn(20, 2, 6, 4);
    NdArray trained = mha.attend(x, x, x).headWeights().value();
    double zeros = Tensor.of(trained).eq(0).mean().item();
    assertTrue(zeros > 0.3 && zeros < 0.7, "fraction dropped " + zeros);
    try (ModeScope eval = Mode.eval()) {
      assertEquals(plain.attend(x, x, x).output().value(), mha.attend(x, x, x).output().value());
    }
  }

  @Test
  void headsMustDivideTheWidth() {
    assertMessage(() -> MultiheadAttention.create(6, 4, DType.FLOAT64, new Random(1)),
        "multiheadAttention: heads must divide embedDim; got embedDim 6, heads 4");
    assertMessage(() -> MultiheadAttention.create(0, 1, DType.FLOAT64, new Random(1)), "sizes must be positive");
    assertMessage(() -> MultiheadAttention.Options.defaults().withDropout(1, 0), "dropout must be in [0, 1); got 1.0");
  }

  @Test
  void inputsOfTheWrongRankOrWidthAreRejectedWithTheirShapes() {
    MultiheadAttention mha = MultiheadAttention.create(4, 2, BATCH_FIRST, DType.FLOAT64, new Random(1));
    Tensor good = randn(1, 2, 3, 4);
    assertMessage(() -> mha.forward(randn(1, 3, 4)), "must be [N, L, E], [N, S, E], [N, S, E]; got [3, 4], [3, 4], [3, 4]");
    assertMessage(() -> mha.attend(good, randn(1, 2, 3, 5), randn(1, 2, 3, 5)),
        "last dimension E = 4; got [2, 3, 4], [2, 3, 5], [2, 3, 5]");
    assertMessage(() -> mha.attend(good, randn(1, 2, 3, 4), randn(1, 2, 2, 4)),
        "key and value must have equal shapes and the query's batch size");
    assertMessage(() -> mha.attend(good, randn(1, 3, 3, 4), randn(1, 3, 3, 4)), "got [2, 3, 4], [3, 3, 4], [3, 3, 4]");
  }

  @Test
  void masksOfTheWrongShapeOrValuesAreRejected() {
    MultiheadAttention mha = MultiheadAttention.create(4, 2, DType.FLOAT64, new Random(1));
    Tensor q = randn(1, 3, 2, 4);
    Tensor kv = randn(2, 5, 2, 4);
    NdArray wrongPadding = NdArray.zeros(Shape.of(5, 2), DType.FLOAT64);
    assertMessage(() -> mha.attend(q, kv, kv, AttentionMask.none().withKeyPadding(wrongPadding)),
        "multiheadAttention: key padding mask must have shape [N, S] = [2, 5]; got [5, 2]");
    NdArray wrongAttention = NdArray.zeros(Shape.of(3, 3), DType.FLOAT64);
    assertMessage(() -> mha.attend(q, kv, kv, AttentionMask.none().withAttentionMask(wrongAttention)),
        "multiheadAttention: attention mask must have shape [L, S] = [3, 5]; got [3, 3]");
    assertMessage(() -> AttentionMask.none().withAttentionMask(NdArray.of(new double[][] {{0, Double.NEGATIVE_INFINITY}})),
        "attention mask values must be 0 (attend) or 1 (ignore); got -Infinity at flat position 1");
    assertMessage(() -> AttentionMask.none().withKeyPadding(NdArray.of(0, 1)), "key padding mask must have rank 2; got [2]");
  }

  @Test
  void sinusoidalEncodingStartsWithZerosAndOnes() {
    NdArray pe = PositionalEncoding.sinusoidal(3, 5, DType.FLOAT64);
    assertEquals(NdArray.of(Shape.of(5), 0, 1, 0, 1, 0), Tensor.of(pe).slice(0, 0, 1).reshape(5).value());
    assertEquals(Math.sin(1), pe.get(1, 0));
    assertEquals(Math.cos(2 * Math.pow(10000, -2.0 / 5)), pe.get(2, 3), 1e-15);
    assertMessage(() -> PositionalEncoding.sinusoidal(0, 4, DType.FLOAT64), "positionalEncoding: sizes must be positive");
  }

  private static void assertMessage(Executable call, String expected) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.contains(expected), message);
  }
}
