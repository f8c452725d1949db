package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
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
    double worst = agrees(ref, "output", output.value());
    for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
      worst = Math.max(worst, agrees(ref, "grad_" + input.getKey(), input.getValue().grad().value()));
    }
    for (Map.Entry<String, Parameter> p : module.namedParameters().entrySet()) {
      worst = Math.max(worst, agrees(ref, "grad_" + p.getKey(), p.getValue().grad()));
    }
    System.out.printf("%s: max abs diff %.2e%n", ref.file(), worst);
  }

  /** Asserts agreement within the tolerance; returns the largest absolute difference. */
  private static double agrees(PyTorchReference ref, String name, NdArray actual) {
    ref.assertAgrees(name, actual, TOLERANCE);
    NdArray expected = ref.get(name);
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      worst = Math.max(worst, Math.abs(expected.getFlat(i) - actual.getFlat(i)));
    }
    return worst;
  }
}
