package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.PyTorchReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiheadAttention} and {@link PositionalEncoding} against PyTorch 1.13 in float64, from the
 * weights and inputs stored by {@code nn/src/test/python/generate_attention.py}: outputs, head-averaged
 * weights, and the gradients of {@code (output · r).sum()} with respect to the inputs and every parameter.
 */
class MultiheadAttentionParityTest {
  /** The differences measured are at most 3e-15 (a few ulps); 1e-12 leaves room for another summation order. */
  private static final double TOLERANCE = 1e-12;
  private static final String[] PARAMETERS = {"in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"};

  @Test
  void selfAttentionAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("attention_self.txt");
    MultiheadAttention mha = layer(ref, MultiheadAttention.Options.defaults());
    Tensor query = Tensor.of(ref.get("query")).requiresGrad();
    check(ref, mha, mha.attend(query, query, query), Map.of("query", query));
  }

  @Test
  void crossAttentionAgreesWithPyTorch() {
    checkCrossAttention("attention_cross.txt", MultiheadAttention.Options.defaults().batchFirst(), AttentionMask.none());
  }

  @Test
  void causalCrossAttentionAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("attention_causal.txt");
    checkCrossAttention("attention_causal.txt", MultiheadAttention.Options.defaults().batchFirst(), AttentionMask.causal());
    checkCrossAttention("attention_causal.txt", MultiheadAttention.Options.defaults().batchFirst(),
        AttentionMask.none().withAttentionMask(ref.get("attn_mask")));
  }

  @Test
  void keyPaddingMaskAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("attention_key_padding.txt");
    checkCrossAttention("attention_key_padding.txt", MultiheadAttention.Options.defaults(),
        AttentionMask.none().withKeyPadding(ref.get("key_padding_mask")));
  }

  @Test
  void sinusoidalEncodingAgreesWithPyTorch() {
    PyTorchReference ref = PyTorchReference.load("positional_encoding.txt");
    ref.assertAgrees("pe_5_8", PositionalEncoding.sinusoidal(5, 8, DType.FLOAT64), 1e-15);
    ref.assertAgrees("pe_4_7", PositionalEncoding.sinusoidal(4, 7, DType.FLOAT64), 1e-15);
  }

  private static void checkCrossAttention(String file, MultiheadAttention.Options options, AttentionMask mask) {
    PyTorchReference ref = PyTorchReference.load(file);
    MultiheadAttention mha = layer(ref, options);
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (String name : new String[] {"query", "key", "value"}) {
      inputs.put(name, Tensor.of(ref.get(name)).requiresGrad());
    }
    check(ref, mha, mha.attend(inputs.get("query"), inputs.get("key"), inputs.get("value"), mask), inputs);
  }

  /** A layer of the reference's width and heads, holding the reference's weights. */
  private static MultiheadAttention layer(PyTorchReference ref, MultiheadAttention.Options options) {
    MultiheadAttention mha = MultiheadAttention.create(8, 2, options, DType.FLOAT64, new Random(0));
    Map<String, NdArray> state = new LinkedHashMap<>();
    for (String name : PARAMETERS) {
      state.put(name, ref.get(name));
    }
    mha.loadStateDict(state);
    return mha;
  }

  private static void check(PyTorchReference ref, MultiheadAttention mha, MultiheadAttention.Result result,
      Map<String, Tensor> inputs) {
    result.output().mul(Tensor.of(ref.get("r"))).sum().backward();
    agrees(ref, "output", result.output().value());
    agrees(ref, "weights", result.averagedWeights().value());
    inputs.forEach((name, t) -> agrees(ref, "grad_" + name, t.grad().value()));
    for (Map.Entry<String, Parameter> p : mha.namedParameters().entrySet()) {
      agrees(ref, "grad_" + p.getKey(), p.getValue().grad());
    }
  }

  /** Equal shapes, and every element within {@link #TOLERANCE} absolutely (the values are of order 1). */
  private static void agrees(PyTorchReference ref, String name, NdArray actual) {
    ref.assertAgrees(name, actual, TOLERANCE);
    NdArray expected = ref.get(name);
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      worst = Math.max(worst, Math.abs(expected.getFlat(i) - actual.getFlat(i)));
    }
    assertTrue(worst <= TOLERANCE, ref.file() + " " + name + ": max abs diff " + worst);
  }
}
