package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.PyTorchReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution layers against PyTorch in float64 (files written by
 * {@code nn/src/test/python/generate_convolution.py}, whose cases these layers repeat): from PyTorch's
 * weights, outputs and the gradients of {@code (y * r).sum()} with respect to the input, weight and bias.
 */
class ConvolutionParityTest {
  private static final double TOLERANCE = 1e-10;

  /** Loads each case's weights into its layer, runs it on {@code x} and compares y and every gradient. */
  private static void check(String file, Map<String, Module> cases) {
    PyTorchReference reference = PyTorchReference.load(file);
    cases.forEach((prefix, layer) -> {
      Map<String, Parameter> parameters = layer.localParameters();
      parameters.forEach((name, p) -> p.update(reference.get(prefix + "." + name)));
      Tensor x = Tensor.of(reference.get(prefix + ".x")).requiresGrad();
      Tensor y = layer.forward(x);
      List<Tensor> inputs = new ArrayList<>(List.of(x));
      parameters.values().forEach(p -> inputs.add(p.tensor()));
      Gradients grads = Autodiff.grad(y.mul(Tensor.of(reference.get(prefix + ".r"))).sum(), inputs);
      reference.assertAgrees(prefix + ".y", y.value(), TOLERANCE);
      reference.assertAgrees(prefix + ".grad_x", grads.get(x).value(), TOLERANCE);
      parameters.forEach((name, p) ->
          reference.assertAgrees(prefix + ".grad_" + name, grads.get(p.tensor()).value(), TOLERANCE));
    });
  }

  private static Random random() {
    return new Random(0);
  }

  @Test
  void conv2dAgreesWithPyTorchForRectangularKernelsDilationGroupsSamePaddingAndDepthwise() {
    check("conv2d.txt", Map.of(
        "rect", Conv2d.create(ConvOptions.of(3, 4, 2, 3).withStride(2, 1).withPadding(1, 0), random()),
        "dilation_groups", Conv2d.create(ConvOptions.of(4, 6, 3).withPadding(2).withDilation(2).withGroups(2), random()),
        "same_even_no_bias", Conv2d.create(
            ConvOptions.of(2, 3, 3, 4).withPadding(ConvPadding.same()).withDilation(2, 1).withBias(false), random()),
        "depthwise", Conv2d.create(ConvOptions.of(3, 3, 3).withStride(2).withPadding(1).withGroups(3), random())));
  }

  @Test
  void conv1dAgreesWithPyTorchWithStrideAndWithSamePaddingDilationAndGroups() {
    check("conv1d.txt", Map.of(
        "stride_padding", Conv1d.create(ConvOptions.of(3, 4, 3).withStride(2).withPadding(1), random()),
        "same_dilation_groups", Conv1d.create(ConvOptions.of(4, 6, 4).withPadding(ConvPadding.same())
            .withDilation(2).withGroups(2).withBias(false), random())));
  }

  @Test
  void convTranspose2dAgreesWithPyTorchWithOutputPaddingGroupsAndDilation() {
    check("conv_transpose2d.txt", Map.of(
        "stride_output_padding",
        ConvTranspose2d.create(ConvOptions.of(3, 2, 3).withStride(2).withPadding(1), 1, 1, Init.heUniform(), random()),
        "rect_groups_dilation", ConvTranspose2d.create(ConvOptions.of(4, 6, 2, 3).withStride(1, 2).withPadding(0, 1)
            .withGroups(2).withDilation(2, 1).withBias(false), random()),
        "output_padding_per_axis",
        ConvTranspose2d.create(ConvOptions.of(2, 3, 4).withStride(3).withPadding(1), 2, 0, Init.heUniform(), random())));
  }
}
