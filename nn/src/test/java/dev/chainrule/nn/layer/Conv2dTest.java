package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Conv2d's square-kernel factories: gradients match finite differences, and bad or huge sizes are named
 * (general options: {@link ConvolutionPropertiesTest}).
 */
class Conv2dTest {

  @Property(tries = 20)
  void gradientsWithRespectToInputWeightAndBiasMatchFiniteDifferences(
      @ForAll @IntRange(min = 1, max = 2) int in,
      @ForAll @IntRange(min = 1, max = 2) int out,
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 2) int stride,
      @ForAll @IntRange(min = 0, max = 1) int padding,
      @ForAll long seed) {
    Random random = new Random(seed);
    NdArray x = NdArray.uniform(Shape.of(2, in, 4, 4), DType.FLOAT64, -1, 1, random);
    NdArray weight = NdArray.uniform(Shape.of(out, in, kernel, kernel), DType.FLOAT64, -1, 1, random);
    NdArray bias = NdArray.uniform(Shape.of(out), DType.FLOAT64, -1, 1, random);

    GradCheck.check(
            ts -> new Convolution("conv2d", 2, ConvOptions.of(in, out, kernel).withStride(stride).withPadding(padding))
                .forward(ts.get(0), ts.get(1), ts.get(2)),
            List.of(x, weight, bias))
        .assertPassed();
  }

  @Example
  void backwardThroughTheLayerReachesWeightAndBias() {
    Conv2d conv = Conv2d.create(2, 3, 3, 1, 1, new Random(1));
    Tensor x = Tensor.of(NdArray.uniform(Shape.of(4, 2, 5, 5), DType.FLOAT64, -1, 1, new Random(2)));

    conv.forward(x).sum().backward();

    assertEquals(Shape.of(3, 2, 3, 3), conv.weight().grad().shape());
    // d Σy / d b[o] counts the outputs of channel o: N·outH·outW = 4·5·5
    assertEquals(NdArray.of(100, 100, 100), conv.bias().grad());
  }

  @Example
  void mnistSizedInputKeepsItsSizeWithPaddingOne() {
    Conv2d conv = Conv2d.create(1, 8, 3, 1, 1, DType.FLOAT32, Init.heUniform(), new Random(0));

    Tensor y = conv.forward(Tensor.zeros(Shape.of(2, 1, 28, 28), DType.FLOAT32));

    assertEquals(Shape.of(2, 8, 28, 28), y.shape());
    assertEquals(DType.FLOAT32, y.dtype());
  }

  @Example
  void strideAndNoPaddingShrinkTheOutput() {
    Conv2d conv = Conv2d.create(3, 4, 5, 2, 0, new Random(0));

    Tensor y = conv.forward(Tensor.zeros(Shape.of(1, 3, 28, 28), DType.FLOAT64));

    assertEquals(Shape.of(1, 4, 12, 12), y.shape()); // (28 - 5) / 2 + 1
  }

  @Example
  void parametersAreWeightAndBiasInPyTorchLayout() {
    Conv2d conv = Conv2d.create(1, 8, 3, 1, 1, new Random(0));

    assertEquals(List.of("weight", "bias"), List.copyOf(conv.localParameters().keySet()));
    assertEquals(Shape.of(8, 1, 3, 3), conv.weight().shape());
    assertEquals(Shape.of(8), conv.bias().shape());
    assertEquals(80, conv.parameterCount());
    assertEquals("Conv2d(1 → 8, kernel 3, padding 1)", conv.toString());
  }

  @Example
  void heUniformDefaultStaysWithinTheBoundOfItsFanIn() {
    Conv2d conv = Conv2d.create(2, 4, 3, 1, 0, new Random(0));

    double bound = Math.sqrt(6.0 / (2 * 3 * 3));
    for (double w : conv.weight().value().toDoubleArray()) {
      assertEquals(0, w, bound);
    }
  }

  @Example
  void wrongRankNamesTheLayerAndTheShape() {
    Conv2d conv = Conv2d.create(1, 8, 3, 1, 1, new Random(0));

    String m = assertThrows(
        IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(Shape.of(28, 28), DType.FLOAT64))).getMessage();

    assertEquals("conv2d: expected input [N, C, H, W]; got [28, 28]", m);
  }

  @Example
  void wrongChannelCountNamesTheLayerAndTheShape() {
    Conv2d conv = Conv2d.create(3, 8, 3, 1, 1, new Random(0));

    String m = assertThrows(
        IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(Shape.of(2, 1, 28, 28), DType.FLOAT64))).getMessage();

    assertEquals("conv2d: expected 3 input channels; got [2, 1, 28, 28]", m);
  }

  @Example
  void kernelLargerThanTheInputIsNamed() {
    Conv2d conv = Conv2d.create(1, 1, 5, 1, 0, new Random(0));

    String m = assertThrows(
        IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(Shape.of(1, 1, 3, 3), DType.FLOAT64))).getMessage();

    assertEquals("conv2d: the kernel does not fit the padded input; got input [1, 1, 3, 3], kernel 5x5, stride 1,"
        + " padding 0", m);
  }

  @Example
  void nonPositiveSizesAreRejectedAtCreation() {
    String m = assertThrows(IllegalArgumentException.class, () -> Conv2d.create(1, 8, 3, 0, 1, new Random(0)))
        .getMessage();

    assertEquals("convOptions: stride must be one or more positive sizes; got [0]", m);
  }

  @Example
  void aKernelWhoseWeightPassesTwoToTheThirtyOneElementsIsRejectedNamingConv2d() {
    String m = assertThrows(IllegalArgumentException.class, () -> Conv2d.create(1, 1, 50_000, 1, 0, new Random(0)))
        .getMessage();
    assertEquals("conv2d: the weight [out, in / groups, k…] has more than 2^31 - 1 elements; got [1, 1, 50000, 50000]", m);
    m = assertThrows(IllegalArgumentException.class, () -> Conv2d.create(3, 4096, 512, 1, 0, new Random(0))).getMessage();
    assertEquals("conv2d: the weight [out, in / groups, k…] has more than 2^31 - 1 elements; got [4096, 3, 512, 512]", m);
  }

  @Example
  void paddingPastHalfTheIntRangeIsNotMistakenForAKernelThatDoesNotFit() {
    Conv2d conv = Conv2d.create(1, 1, 3, 1, Integer.MAX_VALUE / 2 + 1, new Random(0));
    NdArray weight = conv.weight().value();

    String m = assertThrows(
        IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(Shape.of(1, 1, 5, 5), DType.FLOAT64))).getMessage();

    // 5 + 2·2^30 - 3 + 1 = 2^31 + 3 windows a side: the padded height passes 2^31 - 1 instead of wrapping negative
    assertEquals("conv2d: the output has more than 2^31 - 1 elements; got input [1, 1, 5, 5],"
        + " kernel 3x3, stride 1, padding 1073741824, output [1, 1, 2147483651, 2147483651]", m);
    assertEquals(weight, conv.weight().value());
    assertEquals(Shape.of(1, 1, 5, 5), Conv2d.create(1, 1, 3, 1, 1, new Random(0))
        .forward(Tensor.zeros(Shape.of(1, 1, 5, 5), DType.FLOAT64)).shape());
  }

  @Example
  void paddingOfIntMaxIsRejectedNamingConv2dAndItsOutput() {
    Conv2d conv = Conv2d.create(1, 1, 3, 1, Integer.MAX_VALUE, new Random(0));

    String m = assertThrows(
        IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(Shape.of(1, 1, 5, 5), DType.FLOAT64))).getMessage();

    // outH·outW passes even a long here; the message still gives each side exactly
    assertEquals("conv2d: the output has more than 2^31 - 1 elements; got input [1, 1, 5, 5],"
        + " kernel 3x3, stride 1, padding 2147483647, output [1, 1, 4294967297, 4294967297]", m);
  }

  @Example
  void hugePaddingWithAStrideAsHugeStillConvolves() {
    int big = Integer.MAX_VALUE / 2 + 1; // 2^30: the padded side 1 + 2^31 passes 2^31 - 1
    Conv2d conv = Conv2d.create(1, 1, 1, big, big, DType.FLOAT64, Init.uniform(-1, 1), new Random(0));
    conv.weight().update(NdArray.of(Shape.of(1, 1, 1, 1), new double[] {2}));
    conv.bias().update(NdArray.of(Shape.of(1), new double[] {0.5}));

    NdArray y = conv.forward(Tensor.of(NdArray.of(Shape.of(1, 1, 1, 1), new double[] {5}))).value();

    // windows at padded rows 0, 2^30 (the one real pixel) and 2^31
    assertEquals(NdArray.of(Shape.of(1, 1, 3, 3), new double[] {0.5, 0.5, 0.5, 0.5, 10.5, 0.5, 0.5, 0.5, 0.5}), y);
  }

  @Example
  void columnsPastTwoToTheThirtyOneElementsAreRejectedNamingConv2d() {
    Conv2d conv = Conv2d.create(1000, 1, 3, 1, 5000, new Random(0));

    String m = assertThrows(
        IllegalArgumentException.class,
        () -> conv.forward(Tensor.zeros(Shape.of(1, 1000, 1, 1), DType.FLOAT64))).getMessage();

    // the output [1, 1, 9999, 9999] fits, the im2col columns [1, 1000·3·3, 9999²] do not
    assertEquals("conv2d: the columns [N, in·kH·kW, L] of the input's patches have more than 2^31 - 1 elements;"
        + " got input [1, 1000, 1, 1], kernel 3x3, stride 1, padding 5000, columns [1, 9000, 99980001]", m);
  }
}
