package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.PyTorchReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The transformer layers and stacks against PyTorch 1.13 in float64, from the weights and inputs stored by
 * {@code nn/src/test/python/generate_transformer.py}: outputs and the gradients of {@code (output · r).sum()}
 * with respect to the inputs and every parameter, within {@code 1e-10 · (1 + |expected|)}.
 */
class TransformerParityTest {
  /** The differences measured are at most 2.7e-15; 1e-10 leaves room for other summation orders. */
  private static final double TOLERANCE = 1e-10;
  private static final TransformerOptions SMALL = TransformerOptions.of(8, 2).withFeedforward(16).withDropout(0, 0);

  @Test
  void postNormReluEncoderLayerAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("transformer_encoder_post_relu.txt");
    TransformerEncoderLayer layer = load(ref, TransformerEncoderLayer.create(SMALL, DType.FLOAT64, new Random(1)));
    check(ref, layer, Map.of("src", input(ref, "src")), inputs -> layer.forward(inputs.get("src")));
  }

  @Test
  void preNormGeluEncoderLayerWithKeyPaddingAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("transformer_encoder_pre_gelu_padding.txt");
    TransformerOptions options = SMALL.withActivation(TransformerOptions.Nonlinearity.GELU).batchFirst().withNormFirst(true);
    TransformerEncoderLayer layer = load(ref, TransformerEncoderLayer.create(options, DType.FLOAT64, new Random(2)));
    AttentionMask mask = AttentionMask.none().withKeyPadding(ref.get("src_key_padding_mask"));
    check(ref, layer, Map.of("src", input(ref, "src")), inputs -> layer.forward(inputs.get("src"), mask));
  }

  @Test
  void encoderStackWithFinalNormAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("transformer_encoder_stack.txt");
    TransformerEncoderLayer prototype = TransformerEncoderLayer.create(SMALL, DType.FLOAT64, new Random(3));
    TransformerEncoder stack = load(ref, TransformerEncoder.create(prototype, 2, LayerNorm.create(8, DType.FLOAT64)));
    check(ref, stack, Map.of("src", input(ref, "src")), inputs -> stack.forward(inputs.get("src"), AttentionMask.causal()));
  }

  @Test
  void decoderLayerWithCausalTargetAndMemoryPaddingAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("transformer_decoder_causal.txt");
    TransformerDecoderLayer layer = load(ref, TransformerDecoderLayer.create(SMALL, DType.FLOAT64, new Random(4)));
    AttentionMask memoryMask = AttentionMask.none().withKeyPadding(ref.get("memory_key_padding_mask"));
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    inputs.put("tgt", input(ref, "tgt"));
    inputs.put("memory", input(ref, "memory"));
    check(ref, layer, inputs, xs -> layer.forward(xs.get("tgt"), xs.get("memory"), AttentionMask.causal(), memoryMask));
  }

  private static Tensor input(PyTorchReference ref, String name) {
    return Tensor.of(ref.get(name)).requiresGrad();
  }

  /** {@code module} holding the reference's parameters, found under the module's own (PyTorch's) names. */
  private static <M extends Module> M load(PyTorchReference ref, M module) {
    Map<String, NdArray> state = new LinkedHashMap<>();
    for (String name : module.stateDict().keySet()) {
      state.put(name, ref.get(name));
    }
    module.loadStateDict(state);
    return module;
  }

  private static void check(PyTorchReference ref, Module module, Map<String, Tensor> inputs,
      Function<Map<String, Tensor>, Tensor> forward) {
    Tensor output = forward.apply(inputs);
    output.mul(Tensor.of(ref.get("r"))).sum().backward();
    ref.assertAgrees("output", output.value(), TOLERANCE);
    inputs.forEach((name, t) -> ref.assertAgrees("grad_" + name, t.grad().value(), TOLERANCE));
    module.namedParameters().forEach((name, p) -> ref.assertAgrees("grad_" + name, p.grad(), TOLERANCE));
  }
}
