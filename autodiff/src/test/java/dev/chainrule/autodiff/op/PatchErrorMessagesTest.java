package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import org.junit.jupiter.api.Test;

/** unfold and fold reject bad shapes and windows before computing, naming the op and the values; and one worked value. */
class PatchErrorMessagesTest {
  private static final Tensor IMAGES = Tensor.zeros(Shape.of(2, 1, 3, 3), DType.FLOAT64);

  private static String message(Runnable action) {
    return assertThrows(IllegalArgumentException.class, action::run).getMessage();
  }

  @Test
  void unfoldNamesTheShapeWhenTheRankIsNotFour() {
    assertEquals("unfold: expected [N, C, H, W]; got [2, 3]",
        message(() -> Tensor.zeros(Shape.of(2, 3), DType.FLOAT64).unfold(1, 1, 1, 0)));
  }

  @Test
  void unfoldNamesKernelAndInputWhenTheKernelDoesNotFit() {
    assertEquals("unfold: kernel 5x5, stride 1, padding 0 does not fit input 3x3", message(() -> IMAGES.unfold(5, 5, 1, 0)));
  }

  @Test
  void unfoldRejectsAZeroStride() {
    assertEquals(
        "slidingWindow: kernel, stride and dilation must be positive and padding non-negative; got kernel 2x2, stride 0, padding 0",
        message(() -> IMAGES.unfold(2, 2, 0, 0)));
  }

  @Test
  void foldNamesTheShapeWhenTheRankIsNotThree() {
    assertEquals("fold: expected [N, C·kH·kW, L]; got [2, 1, 3, 3]", message(() -> IMAGES.fold(3, 3, 1, 1, 1, 0)));
  }

  @Test
  void foldNamesTheKernelWhenChannelsAreNotAMultipleOfIt() {
    Tensor columns = Tensor.zeros(Shape.of(2, 10, 4), DType.FLOAT64);
    assertEquals("fold: dimension 1 must be a multiple of the kernel's 4 (2x2) elements; got [2, 10, 4]",
        message(() -> columns.fold(3, 3, 2, 2, 1, 0)));
  }

  @Test
  void foldNamesThePatchCountWhenItDoesNotMatchTheOutputSize() {
    Tensor columns = Tensor.zeros(Shape.of(2, 4, 5), DType.FLOAT64);
    assertEquals("fold: output 3x3 with kernel 2x2, stride 1, padding 0 has 4 patches (2x2); got [2, 4, 5]",
        message(() -> columns.fold(3, 3, 2, 2, 1, 0)));
  }

  @Test
  void foldNamesKernelAndOutputWhenTheKernelDoesNotFit() {
    Tensor columns = Tensor.zeros(Shape.of(1, 25, 1), DType.FLOAT64);
    assertEquals("fold: kernel 5x5, stride 1, padding 0 does not fit output 3x3", message(() -> columns.fold(3, 3, 5, 5, 1, 0)));
  }

  @Test
  void unfoldOfATwoByTwoImageWithPaddingOneGivesFourPatchesOfFour() {
    NdArray image = NdArray.of(Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
    NdArray columns = Tensor.of(image).unfold(2, 2, 2, 1).value();
    // patches (top-left, top-right, bottom-left, bottom-right) each hold one pixel, at the patch's inner corner
    double[] expected = {
      0, 0, 0, 4,
      0, 0, 3, 0,
      0, 2, 0, 0,
      1, 0, 0, 0};
    assertEquals(NdArray.of(Shape.of(1, 4, 4), expected), columns);
  }
}
