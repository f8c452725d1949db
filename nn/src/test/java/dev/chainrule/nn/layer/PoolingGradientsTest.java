package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pooling layers' input gradients against central differences in float64, one option at a time:
 * padding, dilation, ceil mode and, for the averages, not counting the padding. Random normal inputs have
 * no near ties within the finite-difference step for these seeds, so the max pools are differentiable there.
 */
class PoolingGradientsTest {

  private static NdArray randn(long seed, int... dims) {
    return NdArray.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  @Test
  void maxPool2dMatchesFiniteDifferencesWithPaddingDilationAndCeilMode() {
    LayerGradientsTest.check(MaxPool2d.of(2), randn(1, 2, 2, 4, 5)).assertPassed();
    LayerGradientsTest.check(new MaxPool2d(3, 2).withPadding(1), randn(2, 2, 2, 5, 6)).assertPassed();
    LayerGradientsTest.check(new MaxPool2d(3, 1).withDilation(2), randn(3, 1, 2, 6, 5)).assertPassed();
    LayerGradientsTest.check(new MaxPool2d(3, 2).withCeilMode(true), randn(4, 1, 2, 6, 6)).assertPassed();
    LayerGradientsTest.check(new MaxPool2d(3, 2, 1, 2, true), randn(5, 1, 1, 7, 8)).assertPassed();
  }

  @Test
  void maxPool1dMatchesFiniteDifferencesWithPaddingDilationAndCeilMode() {
    LayerGradientsTest.check(new MaxPool1d(3, 2).withPadding(1), randn(6, 2, 2, 7)).assertPassed();
    LayerGradientsTest.check(new MaxPool1d(2, 1).withDilation(3), randn(7, 2, 2, 7)).assertPassed();
    LayerGradientsTest.check(new MaxPool1d(2, 2).withCeilMode(true), randn(8, 2, 2, 7)).assertPassed();
  }

  @Test
  void avgPool2dMatchesFiniteDifferencesWithPaddingCeilModeAndPaddingNotCounted() {
    for (AvgPool2d layer : List.of(AvgPool2d.of(2), new AvgPool2d(3, 2).withPadding(1),
        new AvgPool2d(3, 2, 1, false, false), new AvgPool2d(3, 2, 1, true, true), new AvgPool2d(3, 2, 1, true, false),
        AvgPool2d.of(2).withCeilMode(true))) {
      LayerGradientsTest.check(layer, randn(9, 2, 2, 5, 6)).assertPassed();
    }
  }

  @Test
  void avgPool1dMatchesFiniteDifferencesWithPaddingCeilModeAndPaddingNotCounted() {
    for (AvgPool1d layer : List.of(new AvgPool1d(3, 2).withPadding(1), new AvgPool1d(4, 3, 2, false, false),
        new AvgPool1d(4, 3, 2, true, true), new AvgPool1d(4, 3, 2, true, false))) {
      LayerGradientsTest.check(layer, randn(10, 2, 2, 8)).assertPassed();
    }
  }

  @Test
  void adaptiveAvgPool2dMatchesFiniteDifferencesShrinkingGloballyAndGrowing() {
    LayerGradientsTest.check(new AdaptiveAvgPool2d(3, 2), randn(11, 2, 2, 7, 5)).assertPassed();
    LayerGradientsTest.check(AdaptiveAvgPool2d.global(), randn(12, 2, 3, 3, 4)).assertPassed();
    LayerGradientsTest.check(new AdaptiveAvgPool2d(4, 4), randn(13, 1, 2, 3, 5)).assertPassed();
  }
}
