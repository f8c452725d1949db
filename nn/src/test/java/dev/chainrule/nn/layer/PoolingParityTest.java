package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.PyTorchReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pooling layers against PyTorch in float64 (files written by
 * {@code nn/src/test/python/generate_pooling.py}, whose cases these layers repeat): outputs and the
 * gradients of {@code (y * r).sum()} with respect to the input, for each option.
 */
class PoolingParityTest {
  private static final double TOLERANCE = 1e-10;

  /** Runs each case's layer on its {@code x} and compares y and the input gradient. */
  private static void check(String file, Map<String, Module> cases) {
    PyTorchReference reference = PyTorchReference.load(file);
    cases.forEach((prefix, layer) -> {
      Tensor x = Tensor.of(reference.get(prefix + ".x")).requiresGrad();
      Tensor y = layer.forward(x);
      Gradients grads = Autodiff.grad(y.mul(Tensor.of(reference.get(prefix + ".r"))).sum(), List.of(x));
      reference.assertAgrees(prefix + ".y", y.value(), TOLERANCE);
      reference.assertAgrees(prefix + ".grad_x", grads.get(x).value(), TOLERANCE);
    });
  }

  @Test
  void maxPool2dAgreesWithPyTorchWithPaddingDilationAndCeilMode() {
    check("max_pool2d.txt", Map.of(
        "plain", MaxPool2d.of(2),
        "padding", new MaxPool2d(3, 2).withPadding(1),
        "dilation", new MaxPool2d(3, 1, 1, 2, false),
        "ceil", new MaxPool2d(3, 2, 1, 1, true),
        "ceil_dilation", new MaxPool2d(2, 3).withDilation(2).withCeilMode(true)));
  }

  @Test
  void maxPool1dAgreesWithPyTorchPlainAndWithEveryOption() {
    check("max_pool1d.txt", Map.of(
        "plain", new MaxPool1d(3, 2),
        "padding_dilation_ceil", new MaxPool1d(3, 2, 1, 2, true)));
  }

  @Test
  void avgPool2dAgreesWithPyTorchCountingThePaddingOrNotAndInCeilMode() {
    check("avg_pool2d.txt", Map.of(
        "plain", AvgPool2d.of(2),
        "padding", new AvgPool2d(3, 2).withPadding(1),
        "padding_not_counted", new AvgPool2d(3, 2, 1, false, false),
        "ceil", new AvgPool2d(3, 2, 1, true, true),
        "ceil_not_counted", new AvgPool2d(3, 2, 1, true, true).withCountIncludePad(false),
        "ceil_no_padding", AvgPool2d.of(2).withCeilMode(true)));
  }

  @Test
  void avgPool1dAgreesWithPyTorchCountingThePaddingOrNotAndInCeilMode() {
    check("avg_pool1d.txt", Map.of(
        "padding", new AvgPool1d(3, 2).withPadding(1),
        "padding_not_counted", new AvgPool1d(3, 2, 1, false, false),
        "ceil", new AvgPool1d(4, 3, 2, true, true),
        "ceil_not_counted", new AvgPool1d(4, 3, 2, true, false)));
  }

  @Test
  void adaptiveAvgPool2dAgreesWithPyTorchShrinkingGloballyAndGrowing() {
    check("adaptive_avg_pool2d.txt", Map.of(
        "out3x2", new AdaptiveAvgPool2d(3, 2),
        "global", AdaptiveAvgPool2d.global(),
        "upsampling", new AdaptiveAvgPool2d(4, 4)));
  }
}
