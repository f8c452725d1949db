package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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

/** The transformer layers and stacks: names, gradients, masks, dropout, copies and errors. */
class TransformerTest {
  private static final TransformerOptions TINY = TransformerOptions.of(4, 2).withFeedforward(6).withDropout(0, 0);
  private static final NdArray PADDING = NdArray.of(new double[][] {{0, 0, 1}, {0, 1, 0}});

  private static NdArray randn(long seed, int... dims) {
    return NdArray.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  /** {@code module} with every parameter redrawn from N(0, 0.25), so biases and norm scales matter. */
  private static <M extends Module> M randomized(M module, long seed) {
    Random random = new Random(seed);
    for (Parameter p : module.parameters()) {
      p.update(NdArray.randn(p.shape(), DType.FLOAT64, random).map(v -> 0.5 * v));
    }
    return module;
  }

  @Test
  void encoderLayerHasPyTorchsParameterNamesAndOrder() {
    TransformerEncoderLayer layer = TransformerEncoderLayer.create(TransformerOptions.of(8, 2).withFeedforward(16), DType.FLOAT64, new Random(1));
    assertEquals(List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
        "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"),
        List.copyOf(layer.stateDict().keySet()));
    assertEquals(Shape.of(16, 8), layer.namedParameters().get("linear1.weight").shape());
    assertEquals(Shape.of(8, 16), layer.namedParameters().get("linear2.weight").shape());
  }

  @Test
  void postNormEncoderLayerMatchesFiniteDifferences() {
    checkGradients(randomized(TransformerEncoderLayer.create(TINY, DType.FLOAT64, new Random(2)), 3),
        (layer, xs) -> layer.forward(xs.get(0), AttentionMask.none().withKeyPadding(PADDING)), randn(4, 3, 2, 4));
  }

  @Test
  void preNormGeluEncoderLayerMatchesFiniteDifferences() {
    TransformerOptions options = TINY.withNormFirst(true).withActivation(TransformerOptions.Nonlinearity.GELU).batchFirst();
    checkGradients(randomized(TransformerEncoderLayer.create(options, DType.FLOAT64, new Random(5)), 6),
        (layer, xs) -> layer.forward(xs.get(0), AttentionMask.causal()), randn(7, 2, 3, 4));
  }

  /**
   * Checks {@code forward(module, inputs)} against finite differences with respect to the inputs and every
   * parameter of {@code module}.
   */
  static <M extends Module> void checkGradients(M module, LayerCall<M> forward, NdArray... inputs) {
    Map<String, Parameter> parameters = module.namedParameters();
    List<String> names = new ArrayList<>(parameters.keySet());
    List<NdArray> all = new ArrayList<>(List.of(inputs));
    names.forEach(name -> all.add(parameters.get(name).value()));
    GradCheck.check(xs -> {
      Map<String, Tensor> bound = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        bound.put("layer." + names.get(i), xs.get(i + inputs.length));
      }
      Module wrapper = new Module() {
        @Override
        public Tensor forward(Tensor unused) {
          return forward.apply(module, xs);
        }

        @Override
        public Map<String, Module> children() {
          return Map.of("layer", module);
        }
      };
      return FunctionalCall.apply(wrapper, bound, xs.get(0));
    }, all).assertPassed();
  }

  /** A layer applied to the first of the given tensors (and the others, if it takes more). */
  interface LayerCall<M> {
    Tensor apply(M module, List<Tensor> xs);
  }

  @Test
  void encoderLayerIsTheSameInBothLayouts() {
    TransformerEncoderLayer seqFirst = randomized(TransformerEncoderLayer.create(TINY, DType.FLOAT64, new Random(8)), 9);
    TransformerEncoderLayer batchFirst = randomized(TransformerEncoderLayer.create(TINY.batchFirst(), DType.FLOAT64, new Random(8)), 9);
    Tensor x = Tensor.of(randn(10, 2, 3, 4));
    AttentionMask mask = AttentionMask.none().withKeyPadding(PADDING);
    assertTrue(batchFirst.forward(x, mask).value().allClose(seqFirst.forward(x.transpose(0, 1), mask).transpose(0, 1).value(), 1e-14, 0));
  }

  @Test
  void dropoutActsInTrainingOnly() {
    TransformerEncoderLayer layer = TransformerEncoderLayer.create(TINY.withDropout(0.5, 11), DType.FLOAT64, new Random(12));
    TransformerEncoderLayer plain = TransformerEncoderLayer.create(TINY, DType.FLOAT64, new Random(12));
    Tensor x = Tensor.of(randn(13, 3, 2, 4));
    assertNotEquals(plain.forward(x).value(), layer.forward(x).value());
    try (ModeScope eval = Mode.eval()) {
      assertEquals(plain.forward(x).value(), layer.forward(x).value());
    }
  }

  @Test
  void encoderStackCopiesThePrototypeUnderPyTorchsNames() {
    TransformerEncoderLayer prototype = TransformerEncoderLayer.create(TINY, DType.FLOAT64, new Random(14));
    TransformerEncoder stack = TransformerEncoder.create(prototype, 2, LayerNorm.create(4, DType.FLOAT64));
    Map<String, NdArray> state = stack.stateDict();
    assertEquals(2 * 12 + 2, state.size());
    assertEquals(prototype.stateDict().get("linear1.weight"), state.get("layers.1.linear1.weight"));
    assertTrue(state.containsKey("layers.0.self_attn.in_proj_weight") && state.containsKey("norm.bias"));
    assertNotSame(stack.layers().get(0).namedParameters().get("linear1.weight"), stack.layers().get(1).namedParameters().get("linear1.weight"));
    assertEquals(12, TransformerEncoder.create(prototype, 1).stateDict().size());
  }

  @Test
  void encoderStackMatchesFiniteDifferences() {
    TransformerEncoderLayer prototype = TransformerEncoderLayer.create(TINY, DType.FLOAT64, new Random(15));
    TransformerEncoder stack = randomized(TransformerEncoder.create(prototype, 2, LayerNorm.create(4, DType.FLOAT64)), 16);
    checkGradients(stack, (s, xs) -> s.forward(xs.get(0), AttentionMask.causal()), randn(17, 3, 2, 4));
  }

  @Test
  void decoderLayerHasPyTorchsParameterNamesAndOrder() {
    TransformerDecoderLayer layer = TransformerDecoderLayer.create(TINY, DType.FLOAT64, new Random(18));
    List<String> names = new ArrayList<>();
    for (String prefix : new String[] {"self_attn.", "multihead_attn."}) {
      for (String name : new String[] {"in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"}) {
        names.add(prefix + name);
      }
    }
    for (String module : new String[] {"linear1", "linear2", "norm1", "norm2", "norm3"}) {
      names.add(module + ".weight");
      names.add(module + ".bias");
    }
    assertEquals(names, List.copyOf(layer.stateDict().keySet()));
    TransformerDecoder stack = TransformerDecoder.create(layer, 2);
    assertEquals(2 * names.size(), stack.stateDict().size());
    assertTrue(stack.stateDict().containsKey("layers.1.multihead_attn.out_proj.bias"));
  }

  @Test
  void postNormDecoderLayerMatchesFiniteDifferences() {
    AttentionMask memoryMask = AttentionMask.none().withKeyPadding(NdArray.of(new double[][] {{0, 0, 1, 1}, {0, 1, 0, 0}}));
    checkGradients(randomized(TransformerDecoderLayer.create(TINY, DType.FLOAT64, new Random(19)), 20),
        (layer, xs) -> layer.forward(xs.get(0), xs.get(1), AttentionMask.causal(), memoryMask), randn(21, 3, 2, 4), randn(22, 4, 2, 4));
  }

  @Test
  void preNormGeluDecoderLayerMatchesFiniteDifferences() {
    TransformerOptions options = TINY.withNormFirst(true).withActivation(TransformerOptions.Nonlinearity.GELU).batchFirst();
    checkGradients(randomized(TransformerDecoderLayer.create(options, DType.FLOAT64, new Random(23)), 24),
        (layer, xs) -> layer.forward(xs.get(0), xs.get(1), AttentionMask.causal().withKeyPadding(PADDING), AttentionMask.none()),
        randn(25, 2, 3, 4), randn(26, 2, 4, 4));
  }

  @Test
  void decoderStackMatchesFiniteDifferences() {
    TransformerDecoderLayer prototype = TransformerDecoderLayer.create(TINY, DType.FLOAT64, new Random(27));
    TransformerDecoder stack = randomized(TransformerDecoder.create(prototype, 2, LayerNorm.create(4, DType.FLOAT64)), 28);
    checkGradients(stack, (s, xs) -> s.forward(xs.get(0), xs.get(1), AttentionMask.causal(), AttentionMask.none()),
        randn(29, 3, 2, 4), randn(30, 4, 2, 4));
  }

  @Test
  void decoderErrorsNameTheLayerAndTheShapes() {
    assertMessage(() -> TransformerDecoderLayer.create(TransformerOptions.of(6, 4), DType.FLOAT64, new Random(1)),
        "transformerDecoderLayer: heads must divide dModel; got dModel 6, heads 4");
    TransformerDecoderLayer layer = TransformerDecoderLayer.create(TINY, DType.FLOAT64, new Random(1));
    Tensor tgt = Tensor.of(randn(1, 3, 2, 4));
    assertMessage(() -> layer.forward(tgt, Tensor.of(randn(2, 4, 2, 5))), "transformerDecoderLayer: memory must be [L, N, E] with E = 4; got [4, 2, 5]");
    assertMessage(() -> layer.forward(Tensor.of(randn(2, 2, 4)), tgt), "transformerDecoderLayer: tgt must be [L, N, E] with E = 4; got [2, 4]");
    assertMessage(() -> layer.forward(tgt, Tensor.of(randn(2, 4, 3, 4))),
        "transformerDecoderLayer: tgt and memory must have the same batch size (axis 1); got [3, 2, 4], [4, 3, 4]");
    assertMessage(() -> TransformerDecoder.create(layer, 0), "transformerDecoder: needs at least one layer; got 0");
    String message = assertThrows(UnsupportedOperationException.class, () -> layer.forward(tgt)).getMessage();
    assertTrue(message.startsWith("transformerDecoderLayer: needs memory"), message);
  }

  @Test
  void encoderErrorsNameTheLayerAndTheShapes() {
    assertMessage(() -> TransformerEncoderLayer.create(TransformerOptions.of(6, 4), DType.FLOAT64, new Random(1)),
        "transformerEncoderLayer: heads must divide dModel; got dModel 6, heads 4");
    TransformerEncoderLayer layer = TransformerEncoderLayer.create(TINY, DType.FLOAT64, new Random(1));
    assertMessage(() -> layer.forward(Tensor.of(randn(1, 3, 4))), "transformerEncoderLayer: src must be [L, N, E] with E = 4; got [3, 4]");
    assertMessage(() -> layer.forward(Tensor.of(randn(1, 3, 2, 5))), "transformerEncoderLayer: src must be [L, N, E] with E = 4; got [3, 2, 5]");
    assertMessage(() -> layer.forward(Tensor.of(randn(1, 3, 2, 4)), AttentionMask.none().withKeyPadding(NdArray.zeros(Shape.of(2, 4), DType.FLOAT64))),
        "key padding mask must have shape [N, S] = [2, 3]; got [2, 4]");
    assertMessage(() -> TransformerEncoder.create(layer, 0), "transformerEncoder: needs at least one layer; got 0");
    assertMessage(() -> TransformerOptions.of(4, 2).withDropout(1, 0), "transformerOptions: dropout must be in [0, 1); got 1.0");
    assertMessage(() -> TransformerOptions.of(4, 0), "transformerOptions: sizes must be positive; got dModel 4, heads 0, feedforward 2048");
  }

  static void assertMessage(Executable call, String expected) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.contains(expected), message);
  }
}
