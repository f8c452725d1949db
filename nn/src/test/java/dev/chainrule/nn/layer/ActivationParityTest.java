package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.PyTorchReference;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The activations agree with PyTorch 1.13 in float64, output and gradient, on signed zeros, tiny,
 * moderate and large inputs (up to ±40) and random ones: within {@code 1e-12 · (1 + |expected|)}.
 */
class ActivationParityTest {
  private static final double TOLERANCE = 1e-12;

  /** One row per function: the reference file and the function under test (erf, behind exact GELU, as a tensor op). */
  static Stream<Arguments> activations() {
    return Stream.of(
        Arguments.of("erf.txt", (UnaryOperator<Tensor>) Tensor::erf),
        Arguments.of("gelu.txt", layer(Activation.gelu())),
        Arguments.of("gelu_tanh.txt", layer(Activation.geluTanh())),
        Arguments.of("silu.txt", layer(Activation.silu())),
        Arguments.of("elu_alpha_1.txt", layer(Activation.elu(1.0))),
        Arguments.of("elu_alpha_0.5.txt", layer(Activation.elu(0.5))));
  }

  private static UnaryOperator<Tensor> layer(Module activation) {
    return activation::forward;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void outputAndGradientAgreeWithPyTorch(String file, UnaryOperator<Tensor> activation) {
    PyTorchReference reference = PyTorchReference.load(file);
    Tensor x = Tensor.of(reference.get("x")).requiresGrad();
    Tensor y = activation.apply(x);
    Tensor gradient = Autodiff.grad(y.mul(Tensor.of(reference.get("r"))).sum(), List.of(x)).get(x);
    reference.assertAgrees("y", y.value(), TOLERANCE);
    reference.assertAgrees("grad_x", gradient.value(), TOLERANCE);
  }
}
