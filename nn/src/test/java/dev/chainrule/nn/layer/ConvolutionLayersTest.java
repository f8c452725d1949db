package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The convolution layers' parameters, names, sizes, empty batches and error messages. */
class ConvolutionLayersTest {
  private static final Random RANDOM = new Random(0);

  private static String message(Executable action) {
    return assertThrows(IllegalArgumentException.class, action).getMessage();
  }

  private static Tensor zeros(int... dims) {
    return Tensor.zeros(Shape.of(dims), DType.FLOAT64);
  }

  @Test
  void parametersHavePyTorchsNamesAndShapes() {
    Conv2d grouped = Conv2d.create(ConvOptions.of(6, 4, 3, 5).withGroups(2), RANDOM);
    Conv1d plain = Conv1d.create(ConvOptions.of(3, 8, 5), RANDOM);
    ConvTranspose2d transposed = ConvTranspose2d.create(ConvOptions.of(6, 4, 2).withGroups(2).withBias(false), RANDOM);

    assertEquals(List.of("weight", "bias"), List.copyOf(grouped.localParameters().keySet()));
    assertEquals(Shape.of(4, 3, 3, 5), grouped.weight().shape());
    assertEquals(Shape.of(4), grouped.bias().shape());
    assertEquals(Shape.of(8, 3, 5), plain.weight().shape());
    assertEquals(List.of("weight"), List.copyOf(transposed.localParameters().keySet()));
    assertEquals(Shape.of(6, 2, 2, 2), transposed.weight().shape());
    assertFalse(transposed.hasBias());
    assertEquals("convTranspose2d: the layer has no bias; got ConvTranspose2d(6 → 4, kernel 2, groups 2, no bias)",
        assertThrows(IllegalStateException.class, transposed::bias).getMessage());
  }

  @Test
  void samePaddingKeepsTheSizeAndStridesShrinkIt() {
    Conv2d same = Conv2d.create(ConvOptions.of(2, 3, 4, 3).withPadding(ConvPadding.same()).withDilation(2), RANDOM);
    Conv2d strided = Conv2d.create(ConvOptions.of(2, 3, 3).withStride(2, 3).withPadding(1, 0), RANDOM);
    Conv1d valid = Conv1d.create(ConvOptions.of(2, 3, 4).withPadding(ConvPadding.valid()), RANDOM);

    assertEquals(Shape.of(1, 3, 7, 6), same.forward(zeros(1, 2, 7, 6)).shape());
    assertEquals(Shape.of(1, 3, 4, 2), strided.forward(zeros(1, 2, 7, 6)).shape()); // (7 + 2 - 3) / 2 + 1, (6 - 3) / 3 + 1
    assertEquals(Shape.of(1, 3, 7), valid.forward(zeros(1, 2, 10)).shape());
  }

  @Test
  void transposedOutputSizeFollowsPyTorchsFormula() {
    ConvTranspose2d up = ConvTranspose2d.create(ConvOptions.of(4, 2, 4).withStride(2).withPadding(1), RANDOM);
    ConvTranspose2d padded = ConvTranspose2d.create(
        ConvOptions.of(4, 2, 3).withStride(2, 3).withPadding(1), 1, 2, Init.heUniform(), RANDOM);

    assertEquals(Shape.of(1, 2, 14, 14), up.forward(zeros(1, 4, 7, 7)).shape()); // (7 - 1)·2 - 2 + 3 + 1
    assertEquals(Shape.of(1, 2, 14, 21), padded.forward(zeros(1, 4, 7, 7)).shape()); // 12 - 2 + 2 + 1 + 1, 18 - 2 + 2 + 2 + 1
  }

  @Test
  void emptyBatchesGiveEmptyOutputsAndZeroGradients() {
    List<Module> layers = List.of(
        Conv2d.create(ConvOptions.of(2, 4, 3).withPadding(1).withGroups(2), RANDOM),
        Conv1d.create(ConvOptions.of(2, 4, 3), RANDOM),
        ConvTranspose2d.create(ConvOptions.of(2, 4, 2).withStride(2), RANDOM));
    List<Tensor> inputs = List.of(zeros(0, 2, 5, 5), zeros(0, 2, 5), zeros(0, 2, 5, 5));
    List<Shape> outputs = List.of(Shape.of(0, 4, 5, 5), Shape.of(0, 4, 3), Shape.of(0, 4, 10, 10));

    for (int i = 0; i < layers.size(); i++) {
      Module layer = layers.get(i);
      Tensor weight = layer.localParameters().get("weight").tensor();
      Tensor y = layer.forward(inputs.get(i));
      Gradients grads = Autodiff.grad(y.sum(), List.of(weight));

      assertEquals(outputs.get(i), y.shape(), layer.toString());
      assertEquals(0.0, grads.get(weight).abs().sum().item(), layer.toString());
      assertEquals(weight.shape(), grads.get(weight).shape());
    }
  }

  @Test
  void badInputIsNamedWithTheLayerAndTheShapes() {
    Conv1d conv1d = Conv1d.create(ConvOptions.of(3, 4, 5).withDilation(2), RANDOM);
    Conv2d conv2d = Conv2d.create(ConvOptions.of(3, 4, 3, 2).withStride(2, 1), RANDOM);
    ConvTranspose2d transposed = ConvTranspose2d.create(ConvOptions.of(3, 4, 1).withPadding(2), RANDOM);

    assertEquals("conv1d: expected input [N, C, L]; got [2, 3]", message(() -> conv1d.forward(zeros(2, 3))));
    assertEquals("conv1d: expected 3 input channels; got [1, 2, 9]", message(() -> conv1d.forward(zeros(1, 2, 9))));
    assertEquals("conv1d: the kernel does not fit the padded input; got input [1, 3, 8], kernel 5, stride 1, padding 0,"
        + " dilation 2", message(() -> conv1d.forward(zeros(1, 3, 8))));
    assertEquals("conv2d: expected input [N, C, H, W]; got [3, 5, 5]", message(() -> conv2d.forward(zeros(3, 5, 5))));
    assertEquals("conv2d: the kernel does not fit the padded input; got input [1, 3, 2, 1], kernel 3x2, stride 2x1,"
        + " padding 0", message(() -> conv2d.forward(zeros(1, 3, 2, 1))));
    assertEquals("convTranspose2d: the output would have -3x-3 pixels; got input [1, 3, 1, 1], kernel 1x1, stride 1,"
        + " padding 2", message(() -> transposed.forward(zeros(1, 3, 1, 1))));
  }

  @Test
  void badOptionsAreNamed() {
    assertEquals("convOptions: input and output channels must both be divisible by groups; got in 3, out 4, groups 2",
        message(() -> ConvOptions.of(3, 4, 3).withGroups(2)));
    assertEquals("convOptions: kernel must be one or more positive sizes; got [3, 0]",
        message(() -> ConvOptions.of(3, 4, 3, 0)));
    assertEquals("convPadding: padding must be non-negative; got [-1]", message(() -> ConvPadding.of(-1)));
    assertEquals("conv2d: kernel needs 1 or 2 values; got [1, 2, 3]",
        message(() -> Conv2d.create(ConvOptions.of(1, 1, 1, 2, 3), RANDOM)));
    assertEquals("conv1d: stride needs 1 value; got [1, 2]",
        message(() -> Conv1d.create(ConvOptions.of(1, 1, 3).withStride(1, 2), RANDOM)));
    assertEquals("conv2d: padding \"same\" needs stride 1; got stride 2",
        message(() -> Conv2d.create(ConvOptions.of(1, 1, 3).withStride(2).withPadding(ConvPadding.same()), RANDOM)));
    assertEquals("convTranspose2d: padding \"same\" is not supported; got 1 → 1, kernel 3, padding same",
        message(() -> ConvTranspose2d.create(ConvOptions.of(1, 1, 3).withPadding(ConvPadding.same()), RANDOM)));
    assertEquals("convTranspose2d: output padding must be non-negative and less than the stride;"
            + " got output padding 2x0, stride 2x2",
        message(() -> ConvTranspose2d.create(ConvOptions.of(1, 1, 3).withStride(2), 2, 0, Init.heUniform(), RANDOM)));
  }
}
