package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.ParameterSchema;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.optim.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Accumulation}: a batch in slices steps as the whole batch does with the mean loss. */
class AccumulationTest {
  private static final int BATCH = 8;

  private static Module model(DType dtype, int outputs) {
    Random random = new Random(11);
    return Sequential.of(
        Linear.create(3, 5, dtype, Init.xavierUniform(), random),
        Activation.tanh(),
        Linear.create(5, outputs, dtype, Init.xavierUniform(), random));
  }

  private static Tensor features(DType dtype, int step) {
    return Tensor.of(NdArray.randn(Shape.of(BATCH, 3), dtype, new Random(100 + step)));
  }

  /** Rows {@code [from, to)} of {@code t}. */
  private static Tensor rows(Tensor t, int from, int to) {
    int width = t.size() / t.shape().dim(0);
    double[] all = t.value().toDoubleArray();
    double[] part = java.util.Arrays.copyOfRange(all, from * width, to * width);
    Shape shape = t.rank() == 1 ? Shape.of(to - from) : Shape.of(to - from, t.shape().dim(1));
    return Tensor.of(NdArray.of(shape, part).to(t.dtype()));
  }

  private static List<Tensor[]> slices(Tensor x, Tensor y, int count) {
    List<Tensor[]> slices = new ArrayList<>();
    int size = BATCH / count;
    for (int i = 0; i < count; i++) {
      slices.add(new Tensor[] {rows(x, i * size, (i + 1) * size), rows(y, i * size, (i + 1) * size)});
    }
    return slices;
  }

  /** Three steps of regression, the batch in {@code count} slices ({@code 0}: the mean loss, unsliced). */
  private static Map<String, NdArray> regression(UpdateRule rule, int count) {
    Module model = model(DType.FLOAT64, 1);
    Optimizer optimizer = Optimizer.create(rule, model.parameters());
    for (int step = 0; step < 3; step++) {
      Tensor x = features(DType.FLOAT64, step);
      Tensor y = x.sum(1).sin().reshape(BATCH, 1);
      if (count == 0) {
        optimizer.zeroGrad();
        MeanSquaredError.mean().apply(model.forward(x), y).backward();
        optimizer.step();
      } else {
        Accumulation.step(model, optimizer, MeanSquaredError.sum(), slices(x, y, count), BATCH);
      }
    }
    return ParameterSchema.values(model);
  }

  private static void assertClose(Map<String, NdArray> expected, Map<String, NdArray> actual, double tolerance) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, e) -> assertTrue(e.allClose(actual.get(name), tolerance, 0), name + ": " + e + " vs " + actual.get(name)));
  }

  @Test
  void slicesStepAsTheMeanLossOnTheWholeBatch() {
    for (UpdateRule rule : List.of(Sgd.withMomentum(0.1, 0.9), Adam.of(0.01))) {
      Map<String, NdArray> whole = regression(rule, 0);
      assertNotEquals(ParameterSchema.values(model(DType.FLOAT64, 1)), whole); // the steps did move
      for (int count : new int[] {1, 2, 4}) {
        Map<String, NdArray> sliced = regression(rule, count);
        assertClose(whole, sliced, 1e-12);
        assertEquals(sliced, regression(rule, count), "repeated runs agree bit for bit");
      }
    }
  }

  @Test
  void classificationSlicesStepAsTheMeanCrossEntropy() {
    Tensor x = features(DType.FLOAT64, 7);
    Tensor y = Tensor.of(0, 2, 1, 1, 0, 2, 2, 1);
    Module whole = model(DType.FLOAT64, 3);
    Optimizer wholeOptimizer = Optimizer.create(Sgd.of(0.5), whole.parameters());
    CrossEntropy.mean().apply(whole.forward(x), y).backward();
    wholeOptimizer.step();
    Module sliced = model(DType.FLOAT64, 3);
    Optimizer slicedOptimizer = Optimizer.create(Sgd.of(0.5), sliced.parameters());
    Accumulation.step(sliced, slicedOptimizer, CrossEntropy.sum(), slices(x, y, 4), BATCH);
    assertClose(ParameterSchema.values(whole), ParameterSchema.values(sliced), 1e-12);
  }

  @Test
  void float32StepIsGradientThenSumThenOptimizerStep() {
    Tensor x = features(DType.FLOAT32, 0);
    Tensor y = x.sum(1).sin().reshape(BATCH, 1);
    List<Tensor[]> slices = slices(x, y, 2);
    Module byStep = model(DType.FLOAT32, 1);
    Optimizer stepOptimizer = Optimizer.create(Adam.of(0.01), byStep.parameters());
    Accumulation.step(byStep, stepOptimizer, MeanSquaredError.sum(), slices, BATCH);

    Module byHand = model(DType.FLOAT32, 1);
    Optimizer handOptimizer = Optimizer.create(Adam.of(0.01), byHand.parameters());
    Map<String, NdArray> g0 = Accumulation.gradient(byHand, MeanSquaredError.sum(), slices.get(0)[0], slices.get(0)[1], 1.0 / BATCH);
    Map<String, NdArray> g1 = Accumulation.gradient(byHand, MeanSquaredError.sum(), slices.get(1)[0], slices.get(1)[1], 1.0 / BATCH);
    handOptimizer.step(new ArrayList<>(Accumulation.sum(List.of(g0, g1)).values()));

    assertEquals(DType.FLOAT32, ParameterSchema.values(byStep).get("0.weight").dtype());
    assertEquals(ParameterSchema.values(byHand), ParameterSchema.values(byStep));
    assertEquals(handOptimizer.state(), stepOptimizer.state());
  }

  @Test
  void sumEqualsAccumulatingWithBackwardBitForBit() {
    Module model = model(DType.FLOAT32, 1);
    Tensor x = features(DType.FLOAT32, 3);
    Tensor y = x.sum(1).reshape(BATCH, 1);
    List<Tensor[]> slices = slices(x, y, 4);
    List<Map<String, NdArray>> gradients = new ArrayList<>();
    for (Tensor[] s : slices) {
      gradients.add(Accumulation.gradient(model, MeanSquaredError.sum(), s[0], s[1], 0.125));
    }
    for (Tensor[] s : slices) {
      MeanSquaredError.sum().apply(model.forward(s[0]), s[1]).mul(0.125).backward();
    }
    assertEquals(ParameterSchema.gradients(model), Accumulation.sum(gradients));
  }

  @Test
  void gradientLeavesNoGradientBehindAndGivesZerosForAnUnreachedParameter() {
    Parameter used = new Parameter(NdArray.of(2.0));
    Parameter unused = new Parameter(NdArray.of(1.0, 1.0));
    Module model = new Module() {
      @Override
      public Tensor forward(Tensor input) {
        return input.mul(used.tensor());
      }

      @Override
      public Map<String, Parameter> localParameters() {
        return Map.of("used", used, "unused", unused);
      }
    };
    Map<String, NdArray> g = Accumulation.gradient(
        model, MeanSquaredError.sum(), Tensor.of(1.0, 3.0), Tensor.of(0.0, 0.0), 0.5);
    assertEquals(NdArray.of(20.0), g.get("used")); // 0.5 · Σ 2·(w·x)·x = 0.5 · (2·2·1 + 2·6·3)
    assertEquals(NdArray.of(0.0, 0.0), g.get("unused"));
    assertTrue(!used.hasGrad() && !unused.hasGrad());
  }

  @Test
  void rejectsAMeanLossAndBadArguments() {
    Module model = model(DType.FLOAT64, 1);
    Optimizer optimizer = Optimizer.create(Sgd.of(0.1), model.parameters());
    Tensor x = features(DType.FLOAT64, 0);
    Tensor y = x.sum(1).reshape(BATCH, 1);
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Accumulation.gradient(model, MeanSquaredError.mean(), x, y, 1));
    assertTrue(e.getMessage().startsWith("accumulation: the loss must sum over examples"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Accumulation.step(model, optimizer, MeanSquaredError.sum(), java.util.Collections.singletonList(new Tensor[] {x}), BATCH));
    assertEquals("accumulation: slice 0 must be {features, targets}; got 1 tensors", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Accumulation.step(model, optimizer, MeanSquaredError.sum(), java.util.Collections.singletonList(new Tensor[] {x, y}), 0));
    assertEquals("accumulation: globalBatch must be positive; got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Accumulation.sum(List.of()));
    assertEquals("accumulation: needs at least one gradient; got []", e.getMessage());
    Loss lambda = (p, t) -> p.sub(t).square().sum();
    assertThrows(IllegalArgumentException.class, () -> Accumulation.gradient(model, lambda, x, y, 1));
    e = assertThrows(IllegalArgumentException.class,
        () -> Accumulation.sum(List.of(Map.of("w", NdArray.of(1.0)), Map.of("w", NdArray.of(1.0, 2.0)))));
    assertEquals("accumulation: gradient 1 differs from gradient 0: w expects float64[1]; got float64[2]", e.getMessage());
    assertEquals(0, optimizer.stepCount());
  }
}
