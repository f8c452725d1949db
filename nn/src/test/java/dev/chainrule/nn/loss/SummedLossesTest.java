package dev.chainrule.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@code sum()} factories: each is its {@code mean()} times the count it averages over, value and gradient. */
class SummedLossesTest {
  private static final Shape SHAPE = Shape.of(5, 3);

  private static NdArray random(long seed) {
    return NdArray.randn(SHAPE, DType.FLOAT64, new Random(seed));
  }

  /** Checks value and gradient of {@code sum} against {@code count · mean}, to 1e-12. */
  private static void assertSumIsCountTimesMean(Loss sum, Loss mean, NdArray prediction, NdArray target, int count) {
    Tensor p1 = Tensor.of(prediction).requiresGrad();
    Tensor summed = sum.apply(p1, Tensor.of(target));
    summed.backward();
    Tensor p2 = Tensor.of(prediction).requiresGrad();
    Tensor averaged = mean.apply(p2, Tensor.of(target));
    averaged.backward();
    assertEquals(Reduction.SUM, sum.reduction());
    assertEquals(averaged.item() * count, summed.item(), 1e-12);
    assertTrue(Math.abs(summed.item()) > 1e-3, "a vacuous comparison: " + summed.item());
    NdArray scaled = p2.grad().value().map(g -> g * count);
    assertTrue(p1.grad().value().allClose(scaled, 1e-12, 0), p1.grad() + " vs " + scaled);
  }

  @Test
  void meanSquaredErrorSumsOverAllElements() {
    assertSumIsCountTimesMean(MeanSquaredError.sum(), MeanSquaredError.mean(), random(1), random(2), SHAPE.size());
  }

  @Test
  void binaryCrossEntropySumsOverAllElements() {
    NdArray targets = random(4).map(x -> x > 0 ? 1 : 0);
    assertSumIsCountTimesMean(BinaryCrossEntropy.sum(), BinaryCrossEntropy.mean(), random(3), targets, SHAPE.size());
  }

  @Test
  void crossEntropySumsOverExamplesWithClassIndices() {
    NdArray classes = NdArray.of(0, 2, 1, 1, 0);
    assertSumIsCountTimesMean(CrossEntropy.sum(), CrossEntropy.mean(), random(5), classes, SHAPE.dim(0));
  }

  @Test
  void crossEntropySumsOverExamplesWithProbabilities() {
    NdArray probabilities = Tensor.of(random(7)).softmax(1).value();
    assertSumIsCountTimesMean(CrossEntropy.sum(), CrossEntropy.mean(), random(6), probabilities, SHAPE.dim(0));
  }

  @Test
  void halfSumIsHalfOfSum() {
    Tensor p = Tensor.of(random(8));
    Tensor t = Tensor.of(random(9));
    assertEquals(MeanSquaredError.sum().apply(p, t).item() / 2, MeanSquaredError.halfSum().apply(p, t).item(), 1e-12);
  }
}
