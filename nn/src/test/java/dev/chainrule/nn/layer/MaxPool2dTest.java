package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** MaxPool2d takes each window's maximum, sends the gradient there, and names bad input. */
class MaxPool2dTest {

  @Property(tries = 30)
  void forwardMatchesWindowMaxima(
      @ForAll @IntRange(min = 1, max = 2) int batch,
      @ForAll @IntRange(min = 1, max = 3) int channels,
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 3, max = 6) int height,
      @ForAll @IntRange(min = 3, max = 6) int width,
      @ForAll long seed) {
    NdArray x = NdArray.uniform(Shape.of(batch, channels, height, width), DType.FLOAT64, -3, 3, new Random(seed));

    NdArray actual = new MaxPool2d(kernel, stride).forward(Tensor.of(x)).value();

    assertEquals(windowMaxima(x, kernel, stride), actual);
  }

  /** Values are a shuffled grid 0.1 apart, so no window has a tie within the finite-difference step. */
  @Property(tries = 30)
  void gradientMatchesFiniteDifferencesAwayFromTies(
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 3, max = 5) int side,
      @ForAll long seed) {
    NdArray x = distinctValues(Shape.of(2, 2, side, side), new Random(seed));

    GradCheck.check(t -> new MaxPool2d(kernel, stride).forward(t), x).assertPassed();
  }

  @Example
  void tiesShareTheGradientEvenly() {
    Tensor x = Tensor.ones(Shape.of(1, 1, 2, 2), DType.FLOAT64).requiresGrad();

    MaxPool2d.of(2).forward(x).sum().backward();

    assertEquals(NdArray.of(Shape.of(1, 1, 2, 2), 0.25, 0.25, 0.25, 0.25), x.grad().value());
  }

  @Example
  void twoByTwoPoolingHalvesEachSideAndKeepsTheDType() {
    Tensor y = MaxPool2d.of(2).forward(Tensor.zeros(Shape.of(2, 8, 28, 28), DType.FLOAT32));

    assertEquals(Shape.of(2, 8, 14, 14), y.shape());
    assertEquals(DType.FLOAT32, y.dtype());
  }

  @Example
  void hasNoParametersAndPrintsItsWindow() {
    MaxPool2d pool = new MaxPool2d(3, 2);

    assertTrue(pool.localParameters().isEmpty());
    assertEquals("MaxPool2d(3x3, stride 2)", pool.toString());
  }

  @Example
  void wrongRankNamesTheLayerAndTheShape() {
    String m = assertThrows(
        IllegalArgumentException.class,
        () -> MaxPool2d.of(2).forward(Tensor.zeros(Shape.of(8, 28, 28), DType.FLOAT64))).getMessage();

    assertEquals("maxPool2d: expected input [N, C, H, W]; got [8, 28, 28]", m);
  }

  @Example
  void kernelLargerThanTheInputIsNamed() {
    String m = assertThrows(
        IllegalArgumentException.class,
        () -> MaxPool2d.of(3).forward(Tensor.zeros(Shape.of(1, 1, 2, 5), DType.FLOAT64))).getMessage();

    assertEquals("maxPool2d: kernel 3x3 does not fit input [1, 1, 2, 5]", m);
  }

  @Example
  void nonPositiveStrideIsRejected() {
    String m = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 0)).getMessage();

    assertEquals("maxPool2d: kernel and stride must be positive; got 2 and 0", m);
  }

  private static NdArray windowMaxima(NdArray x, int kernel, int stride) {
    int[] d = x.shape().toArray();
    int outH = (d[2] - kernel) / stride + 1;
    int outW = (d[3] - kernel) / stride + 1;
    double[] y = new double[d[0] * d[1] * outH * outW];
    int p = 0;
    for (int n = 0; n < d[0]; n++) {
      for (int c = 0; c < d[1]; c++) {
        for (int r = 0; r < outH; r++) {
          for (int s = 0; s < outW; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < kernel; i++) {
              for (int j = 0; j < kernel; j++) {
                max = Math.max(max, x.get(n, c, r * stride + i, s * stride + j));
              }
            }
            y[p++] = max;
          }
        }
      }
    }
    return NdArray.of(Shape.of(d[0], d[1], outH, outW), y);
  }

  private static NdArray distinctValues(Shape shape, Random random) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < shape.size(); i++) {
      values.add(0.1 * (i - shape.size() / 2));
    }
    Collections.shuffle(values, random);
    return NdArray.of(shape, values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
