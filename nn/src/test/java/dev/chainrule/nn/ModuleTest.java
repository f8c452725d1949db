package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hierarchical names, state dicts, summaries, functional calls and modes. */
class ModuleTest {
  private static Sequential model() {
    Random random = new Random(1);
    return Sequential.of(Linear.create(3, 4, random), Activation.tanh(), BatchNorm1d.create(4, DType.FLOAT64),
        Linear.create(4, 2, random));
  }

  /** Plain Java composition: a module holding two others as fields. */
  private record Residual(Linear inner, Linear outer) implements Module {
    @Override
    public Tensor forward(Tensor x) {
      return outer.forward(inner.forward(x).tanh().add(x));
    }

    @Override
    public Map<String, Module> children() {
      return Map.of("inner", inner);
    }
  }

  @Test
  void parametersAreNamedByTheirPathInInsertionOrder() {
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias"),
        List.copyOf(model().namedParameters().keySet()));
    assertEquals(List.of("2.running_mean", "2.running_var", "2.num_batches_tracked"),
        List.copyOf(model().namedBuffers().keySet()));
    assertEquals(3 * 4 + 4 + 4 + 4 + 4 * 2 + 2, model().parameterCount());
  }

  @Test
  void summaryListsEachLayerWithItsParameterCount() {
    String summary = model().summary();
    assertTrue(summary.startsWith("Sequential (34 parameters)"), summary);
    assertTrue(summary.contains("  0: Linear(3 → 4) (16 parameters)"), summary);
    assertTrue(summary.contains("  1: Tanh (0 parameters)"), summary);
  }

  @Test
  void stateDictRoundTripsIntoAFreshModel() {
    Sequential a = model();
    Sequential b = Sequential.of(Linear.create(3, 4, new Random(9)), Activation.tanh(),
        BatchNorm1d.create(4, DType.FLOAT64), Linear.create(4, 2, new Random(9)));
    b.loadStateDict(a.stateDict());
    Tensor x = Tensor.randn(Shape.of(5, 3), DType.FLOAT64, new Random(2));
    try (ModeScope eval = Mode.eval()) {
      assertEquals(a.forward(x).value(), b.forward(x).value());
    }
  }

  @Test
  void loadingAMismatchedStateDictChangesNothing() {
    Sequential m = model();
    Map<String, NdArray> before = m.stateDict();
    Map<String, NdArray> wrong = new HashMap<>(before);
    wrong.put("3.bias", NdArray.zeros(Shape.of(3), DType.FLOAT64));
    wrong.put("0.weight", NdArray.zeros(Shape.of(4, 3), DType.FLOAT64));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(wrong));
    assertEquals("loadStateDict: 3.bias expects float64[2]; got float64[3]", e.getMessage());
    assertEquals(before, m.stateDict());
    Map<String, NdArray> missing = new HashMap<>(before);
    missing.remove("0.bias");
    missing.put("extra", NdArray.scalar(1));
    e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(missing));
    assertEquals("loadStateDict: names differ; missing [0.bias], unexpected [extra]", e.getMessage());
  }

  @Test
  void plainJavaCompositionNamesChildrenItDeclares() {
    Residual r = new Residual(Linear.create(2, 2, new Random(3)), Linear.create(2, 2, new Random(4)));
    assertEquals(List.of("inner.weight", "inner.bias"), List.copyOf(r.namedParameters().keySet()));
  }

  @Test
  void functionalCallSwapsParametersAndRestoresThem() {
    Linear layer = Linear.create(2, 1, new Random(5));
    NdArray original = layer.weight().value();
    Tensor w = Tensor.of(new double[][] {{1, 2}});
    Tensor y = FunctionalCall.apply(layer, Map.of("weight", w), Tensor.of(new double[][] {{3, 4}}));
    assertEquals(11, y.item(), 1e-15);
    assertEquals(original, layer.weight().value());
    assertThrows(IllegalArgumentException.class, () -> FunctionalCall.apply(layer, Map.of("nope", w), w));
  }

  @Test
  void modeIsPerThreadAndScoped() throws Exception {
    assertTrue(Mode.isTraining());
    try (ModeScope eval = Mode.eval()) {
      assertFalse(Mode.isTraining());
      Thread other = new Thread(() -> assertTrue(Mode.isTraining()));
      other.start();
      other.join();
    }
    assertTrue(Mode.isTraining());
  }

  @Test
  void parameterUpdateChecksShapeAndDropsTheGradient() {
    Parameter p = new Parameter(NdArray.of(1, 2));
    p.tensor().mul(3).sum().backward();
    assertTrue(p.hasGrad());
    p.update(NdArray.of(5, 6));
    assertFalse(p.hasGrad());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.update(NdArray.of(1, 2, 3)));
    assertEquals("parameter update: expected float64[2]; got float64[3]", e.getMessage());
  }

  @Test
  void sharedModulesAndTiedWeightsAreListedOnce() {
    Linear shared = Linear.create(2, 2, new Random(2));
    Sequential model = Sequential.of(shared, Activation.tanh(), shared);
    assertEquals(List.of("0.weight", "0.bias"), List.copyOf(model.namedParameters().keySet()));
    assertEquals(6, model.parameterCount());
    Optimizer.create(Sgd.of(0.1), model.parameters()).step();
    assertTrue(model.summary().contains("shared"), model.summary());
  }

  @Test
  void loadingANullEntryIsANamedError() {
    Linear model = Linear.create(2, 1, DType.FLOAT64, Init.zeros(), new Random(1));
    Map<String, NdArray> state = new HashMap<>(model.stateDict());
    state.put("bias", null);
    assertEquals("loadStateDict: bias is null",
        assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state)).getMessage());
  }

  @Test
  void namedParametersCannotBeModified() {
    Map<String, Parameter> named = model().namedParameters();
    assertThrows(UnsupportedOperationException.class, () -> named.remove("0.weight"));
  }

  @Test
  void namedBuffersCannotBeModified() {
    Map<String, Buffer> named = model().namedBuffers();
    assertThrows(UnsupportedOperationException.class, () -> named.put("extra", new Buffer(NdArray.scalar(0))));
  }

  @Test
  void parametersCannotBeModified() {
    List<Parameter> parameters = model().parameters();
    assertThrows(UnsupportedOperationException.class, () -> parameters.add(new Parameter(NdArray.scalar(0))));
  }

  @Test
  void stateDictCannotBeModified() {
    Map<String, NdArray> state = model().stateDict();
    assertThrows(UnsupportedOperationException.class, () -> state.put("0.bias", NdArray.zeros(Shape.of(4), DType.FLOAT64)));
  }

  @Test
  void sequentialChildrenCannotBeModifiedAndKeepTheirOrder() {
    Sequential model = model();
    Map<String, Module> children = model.children();
    assertEquals(List.of("0", "1", "2", "3"), List.copyOf(children.keySet()));
    assertThrows(UnsupportedOperationException.class, () -> children.remove("1"));
  }
}
