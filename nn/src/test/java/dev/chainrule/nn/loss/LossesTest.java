package dev.chainrule.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Each loss against its formula computed by hand, its gradient against finite differences, and its shape checks. */
class LossesTest {

  @Provide
  Arbitrary<List<NdArray>> pairs() {
    return TensorArbitraries.shapes(2, 4).filter(s -> s.size() > 0)
        .flatMap(s -> TensorArbitraries.arrays(s, Domain.standard()).list().ofSize(2));
  }

  private static double sumOver(NdArray a, NdArray b, java.util.function.DoubleBinaryOperator f) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += f.applyAsDouble(a.getFlat(i), b.getFlat(i));
    }
    return s;
  }

  /** The one-hot rows {@code [classes.length, count]} of class indices. */
  private static Tensor oneHot(double[] classes, int count) {
    double[] rows = new double[classes.length * count];
    for (int i = 0; i < classes.length; i++) {
      rows[i * count + (int) classes[i]] = 1;
    }
    return Tensor.of(NdArray.of(Shape.of(classes.length, count), rows));
  }

  @Property(tries = 50)
  void meanSquaredErrorMatchesItsFormulaAndGradient(@ForAll("pairs") List<NdArray> pt) {
    NdArray p = pt.get(0);
    NdArray t = pt.get(1);
    double sse = sumOver(p, t, (a, b) -> (a - b) * (a - b));
    assertEquals(sse / p.size(), MeanSquaredError.mean().apply(Tensor.of(p), Tensor.of(t)).item(), 1e-12);
    assertEquals(sse / 2, MeanSquaredError.halfSum().apply(Tensor.of(p), Tensor.of(t)).item(), 1e-12);
    GradCheck.check(xs -> MeanSquaredError.mean().apply(xs.get(0), xs.get(1)), pt).assertPassed();
  }

  @Property(tries = 50)
  void halfSumGradientIsOutputMinusTarget(@ForAll("pairs") List<NdArray> pt) {
    Tensor o = Tensor.of(pt.get(0)).requiresGrad();
    MeanSquaredError.halfSum().apply(o, Tensor.of(pt.get(1))).backward();
    assertTrue(o.grad().value().allClose(Tensor.of(pt.get(0)).sub(Tensor.of(pt.get(1))).value(), 1e-12, 1e-12));
  }

  @Property(tries = 50)
  void l1AndHuberMatchTheirFormulasAndGradients(@ForAll("pairs") List<NdArray> pt) {
    NdArray p = pt.get(0);
    NdArray t = pt.get(1);
    double l1 = sumOver(p, t, (a, b) -> Math.abs(a - b));
    assertEquals(l1, new L1Loss(Reduction.SUM).apply(Tensor.of(p), Tensor.of(t)).item(), 1e-12);
    double huber = sumOver(p, t, (a, b) -> Math.abs(a - b) <= 1 ? 0.5 * (a - b) * (a - b) : Math.abs(a - b) - 0.5);
    assertEquals(huber / p.size(), new HuberLoss(1, Reduction.MEAN).apply(Tensor.of(p), Tensor.of(t)).item(), 1e-12);
    boolean offKinks = true;
    for (int i = 0; i < p.size(); i++) {
      double r = Math.abs(p.getFlat(i) - t.getFlat(i));
      offKinks &= r > 1e-3 && Math.abs(r - 1) > 1e-3;
    }
    if (offKinks) {
      GradCheck.check(xs -> new L1Loss(Reduction.MEAN).apply(xs.get(0), xs.get(1)), pt).assertPassed();
      GradCheck.check(xs -> new HuberLoss(1, Reduction.SUM).apply(xs.get(0), xs.get(1)), pt).assertPassed();
    }
  }

  @Property(tries = 50)
  void crossEntropyMatchesMinusLogSoftmaxOfTheTargetClass(@ForAll long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(4);
    int c = 2 + random.nextInt(4);
    NdArray logits = NdArray.randn(Shape.of(n, c), DType.FLOAT64, random).map(v -> 3 * v);
    double[] classes = new double[n];
    double expected = 0;
    for (int i = 0; i < n; i++) {
      classes[i] = random.nextInt(c);
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, logits.get(i, j));
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        sum += Math.exp(logits.get(i, j) - max);
      }
      expected += -(logits.get(i, (int) classes[i]) - max - Math.log(sum));
    }
    Tensor target = Tensor.of(classes);
    assertEquals(expected / n, CrossEntropy.mean().apply(Tensor.of(logits), target).item(), 1e-12);
    GradCheck.check(t -> CrossEntropy.mean().apply(t, target), logits).assertPassed();
    Tensor oneHot = oneHot(classes, c);
    assertEquals(expected, new CrossEntropy(Reduction.SUM).apply(Tensor.of(logits), oneHot).item(), 1e-12);
  }

  @Property(tries = 50)
  void labelSmoothingMixesTheTargetsWithTheUniformDistribution(@ForAll long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(4);
    int c = 2 + random.nextInt(4);
    double epsilon = random.nextDouble();
    NdArray logits = NdArray.randn(Shape.of(n, c), DType.FLOAT64, random).map(v -> 3 * v);
    double[] classes = new double[n];
    for (int i = 0; i < n; i++) {
      classes[i] = random.nextInt(c);
    }
    // PyTorch's definition: plain cross-entropy against the targets (1 − ε)·y + ε/C
    Tensor smoothed = oneHot(classes, c).mul(1 - epsilon).add(epsilon / c);
    CrossEntropy loss = CrossEntropy.mean().withLabelSmoothing(epsilon);
    double expected = CrossEntropy.mean().apply(Tensor.of(logits), smoothed).item();
    Tensor target = Tensor.of(classes);
    assertEquals(expected, loss.apply(Tensor.of(logits), target).item(), 1e-12, "class indices");
    // probability targets are smoothed the same way
    NdArray probabilities = NdArray.uniform(Shape.of(n, c), DType.FLOAT64, 0, 1, random);
    Tensor p = Tensor.of(probabilities).div(Tensor.of(probabilities).sum(1).reshape(n, 1));
    Tensor pSmoothed = p.mul(1 - epsilon).add(epsilon / c);
    assertEquals(new CrossEntropy(Reduction.SUM).apply(Tensor.of(logits), pSmoothed).item(),
        new CrossEntropy(Reduction.SUM, epsilon).apply(Tensor.of(logits), p).item(), 1e-12, "probabilities");
    GradCheck.check(t -> loss.apply(t, target), logits).assertPassed();
    GradCheck.defaults().runSecondOrder(ts -> loss.apply(ts.get(0), target), List.of(logits)).assertPassed();
  }

  @Test
  void labelSmoothingOutsideZeroToOneIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.mean().withLabelSmoothing(1.5));
    assertEquals("crossEntropy: label smoothing must be in [0, 1]; got 1.5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CrossEntropy.mean().withLabelSmoothing(-0.1));
    assertThrows(IllegalArgumentException.class, () -> CrossEntropy.mean().withLabelSmoothing(Double.NaN));
  }

  @Test
  void crossEntropyIsStableForHugeLogits() {
    Tensor logits = Tensor.of(new double[][] {{1000, 0, -1000}});
    assertEquals(0, CrossEntropy.mean().apply(logits, Tensor.of(0)).item(), 1e-12);
    assertEquals(2000, CrossEntropy.mean().apply(logits, Tensor.of(2)).item(), 1e-9);
  }

  @Property(tries = 50)
  void binaryCrossEntropyMatchesItsFormulaAndGradient(@ForAll("pairs") List<NdArray> pt) {
    NdArray z = pt.get(0);
    NdArray y = pt.get(1).map(v -> (v + 3) / 6);
    double expected = 0;
    for (int i = 0; i < z.size(); i++) {
      double s = 1 / (1 + Math.exp(-z.getFlat(i)));
      expected += -y.getFlat(i) * Math.log(s) - (1 - y.getFlat(i)) * Math.log(1 - s);
    }
    assertEquals(expected / z.size(), BinaryCrossEntropy.mean().apply(Tensor.of(z), Tensor.of(y)).item(), 1e-12);
    GradCheck.check(xs -> BinaryCrossEntropy.mean().apply(xs.get(0), xs.get(1)), List.of(z, y)).assertPassed();
  }

  @Test
  void lossesRefuseToBroadcast() {
    Tensor column = Tensor.zeros(Shape.of(4, 1), DType.FLOAT64);
    Tensor vector = Tensor.zeros(Shape.of(4), DType.FLOAT64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MeanSquaredError.mean().apply(column, vector));
    assertEquals("mse: prediction and target shapes differ; got [4, 1] and [4] (losses never broadcast;"
        + " reshape one of them)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new L1Loss(Reduction.MEAN).apply(column, vector));
    assertThrows(IllegalArgumentException.class, () -> BinaryCrossEntropy.mean().apply(column, vector));
    assertThrows(IllegalArgumentException.class, () -> new HuberLoss(1, Reduction.MEAN).apply(column, vector));
  }

  @Test
  void crossEntropyNamesABadTarget() {
    Tensor logits = Tensor.zeros(Shape.of(2, 3), DType.FLOAT64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CrossEntropy.mean().apply(logits, Tensor.of(0, 3)));
    assertEquals("crossEntropy: target 3.0 of example 1 is not a class index in [0, 3)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CrossEntropy.mean().apply(logits, Tensor.of(0, 1, 2)));
  }
  @Test
  void mixedDTypesAreRejectedNamingTheLoss() {
    Tensor f32 = Tensor.zeros(Shape.of(4, 3), DType.FLOAT32);
    Tensor f64 = Tensor.zeros(Shape.of(4, 3), DType.FLOAT64);
    String suffix = " dtypes differ; got float32 and float64 (convert one with to(DType))";
    List<Object[]> cases = List.of(
        new Object[] {"mse: prediction and target", MeanSquaredError.mean()},
        new Object[] {"mse: prediction and target", MeanSquaredError.halfSum()},
        new Object[] {"l1: prediction and target", new L1Loss(Reduction.MEAN)},
        new Object[] {"huber: prediction and target", new HuberLoss(1, Reduction.MEAN)},
        new Object[] {"binaryCrossEntropy: prediction and target", BinaryCrossEntropy.mean()},
        new Object[] {"crossEntropy: logits and target probabilities", CrossEntropy.mean()});
    for (Object[] c : cases) {
      Loss loss = (Loss) c[1];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.apply(f32, f64));
      assertEquals(c[0] + suffix, e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MeanSquaredError.mean().apply(f32, Tensor.zeros(Shape.of(4), DType.FLOAT64)));
    assertTrue(e.getMessage().startsWith("mse: prediction and target dtypes differ"), "dtypes are checked first");
    Tensor classes = Tensor.of(NdArray.of(Shape.of(4), 0, 1, 2, 0).to(DType.FLOAT32));
    assertEquals(Shape.SCALAR, CrossEntropy.mean().apply(f64, classes).shape(), "class indices may have any dtype");
  }

  @Test
  void aNullPredictionOrTargetIsNamed() {
    Tensor t = Tensor.zeros(Shape.of(2), DType.FLOAT64);
    assertEquals("mse: prediction is null",
        assertThrows(NullPointerException.class, () -> MeanSquaredError.mean().apply(null, t)).getMessage());
    assertEquals("l1: target is null",
        assertThrows(NullPointerException.class, () -> new L1Loss(Reduction.SUM).apply(t, null)).getMessage());
    assertEquals("crossEntropy: target is null",
        assertThrows(NullPointerException.class, () -> CrossEntropy.mean().apply(t.reshape(1, 2), null)).getMessage());
  }
}
