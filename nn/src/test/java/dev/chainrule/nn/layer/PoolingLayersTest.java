package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The pooling layers' shapes, empty batches, names and errors; their values are checked against PyTorch in
 * {@link PoolingParityTest}.
 */
class PoolingLayersTest {

  private static String error(Executable executable) {
    return assertThrows(IllegalArgumentException.class, executable).getMessage();
  }

  private static Tensor zeros(int... dims) {
    return Tensor.zeros(Shape.of(dims), DType.FLOAT64);
  }

  @Test
  void emptyBatchesGiveEmptyResultsOfTheOutputShape() {
    assertEquals(Shape.of(0, 3, 4, 4), new MaxPool2d(3, 2, 1, 1, true).forward(zeros(0, 3, 6, 6)).shape());
    assertEquals(Shape.of(0, 3, 3), new MaxPool1d(3, 2).withPadding(1).forward(zeros(0, 3, 6)).shape());
    assertEquals(Shape.of(0, 3, 2, 2), AvgPool2d.of(2).forward(zeros(0, 3, 5, 4)).shape());
    assertEquals(Shape.of(0, 3, 3), AvgPool1d.of(2).withCeilMode(true).forward(zeros(0, 3, 5)).shape());
    assertEquals(Shape.of(0, 3, 1, 1), AdaptiveAvgPool2d.global().forward(zeros(0, 3, 5, 4)).shape());
  }

  @Test
  void globalAveragePoolingIsTheMeanOfEachChannel() {
    NdArray x = NdArray.randn(Shape.of(2, 3, 4, 5), DType.FLOAT64, new Random(2));

    NdArray y = AdaptiveAvgPool2d.global().forward(Tensor.of(x)).value();

    NdArray mean = Tensor.of(x).mean(2, 3).value();
    for (int i = 0; i < 6; i++) {
      assertEquals(mean.getFlat(i), y.getFlat(i), 1e-12);
    }
  }

  @Test
  void layersHaveNoParametersAndPrintTheirOptions() {
    List<Module> layers = List.of(new MaxPool2d(3, 2, 1, 2, true), new MaxPool1d(2, 2), new AvgPool2d(3, 2, 1, false, false),
        AvgPool1d.of(4).withCeilMode(true), new AdaptiveAvgPool2d(7, 5));
    layers.forEach(layer -> assertTrue(layer.localParameters().isEmpty()));
    assertEquals("[MaxPool2d(3x3, stride 2, padding 1, dilation 2, ceil mode), MaxPool1d(2, stride 2), "
        + "AvgPool2d(3x3, stride 2, padding 1, padding not counted), AvgPool1d(4, stride 4, ceil mode), "
        + "AdaptiveAvgPool2d(7x5)]", layers.toString());
  }

  @Test
  void withMethodsReturnNewLayersAndKeepTheOthersOptions() {
    MaxPool2d pool = MaxPool2d.of(3);

    assertEquals(new MaxPool2d(3, 3, 1, 2, true), pool.withPadding(1).withDilation(2).withCeilMode(true));
    assertEquals(new MaxPool2d(3, 3, 0, 1, false), pool);
    assertEquals(new AvgPool2d(2, 2, 1, true, false), AvgPool2d.of(2).withPadding(1).withCeilMode(true).withCountIncludePad(false));
  }

  @Test
  void wrongRankNamesTheLayerAndTheExpectedShape() {
    assertEquals("maxPool1d: expected input [N, C, L]; got [2, 3, 4, 5]", error(() -> MaxPool1d.of(2).forward(zeros(2, 3, 4, 5))));
    assertEquals("avgPool2d: expected input [N, C, H, W]; got [3, 4]", error(() -> AvgPool2d.of(2).forward(zeros(3, 4))));
    assertEquals("avgPool1d: expected input [N, C, L]; got [3, 4]", error(() -> AvgPool1d.of(2).forward(zeros(3, 4))));
    assertEquals("adaptiveAvgPool2d: expected input [N, C, H, W] with H, W positive; got [1, 2, 3]",
        error(() -> AdaptiveAvgPool2d.global().forward(zeros(1, 2, 3))));
    assertEquals("adaptiveAvgPool2d: expected input [N, C, H, W] with H, W positive; got [1, 2, 0, 3]",
        error(() -> AdaptiveAvgPool2d.global().forward(zeros(1, 2, 0, 3))));
  }

  @Test
  void kernelLargerThanThePaddedInputIsNamed() {
    assertEquals("maxPool2d: kernel 5x5, padding 1 does not fit input [1, 1, 2, 5]",
        error(() -> new MaxPool2d(5, 1).withPadding(1).forward(zeros(1, 1, 2, 5))));
    assertEquals("maxPool1d: kernel 3, dilation 3 does not fit input [1, 1, 6]",
        error(() -> new MaxPool1d(3, 1).withDilation(3).forward(zeros(1, 1, 6))));
    assertEquals("avgPool1d: kernel 4, padding 1, ceil mode does not fit input [1, 1, 1]",
        error(() -> new AvgPool1d(4, 1, 1, true, true).forward(zeros(1, 1, 1))));
  }

  @Test
  void paddingMoreThanHalfTheKernelAndNonPositiveOptionsAreRejected() {
    assertEquals("avgPool2d: padding must be between 0 and half the kernel; got padding 2, kernel 3",
        error(() -> new AvgPool2d(3, 1, 2, false, true)));
    assertEquals("maxPool1d: padding must be between 0 and half the kernel; got padding 2, kernel 3",
        error(() -> new MaxPool1d(3, 1).withPadding(2)));
    assertEquals("maxPool2d: dilation must be positive; got 0", error(() -> MaxPool2d.of(2).withDilation(0)));
    assertEquals("avgPool1d: kernel and stride must be positive; got 0 and 0", error(() -> AvgPool1d.of(0)));
    assertEquals("adaptiveAvgPool2d: output size must be positive; got 0x3", error(() -> new AdaptiveAvgPool2d(0, 3)));
  }
}
