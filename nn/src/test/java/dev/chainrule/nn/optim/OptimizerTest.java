package dev.chainrule.nn.optim;

import static dev.chainrule.nn.optim.Params.setGrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OptimizerTest {
  @Provide
  Arbitrary<UpdateRule> rules() {
    return Arbitraries.of(
        Sgd.of(0.1),
        Sgd.withMomentum(0.1, 0.9).withWeightDecay(0.01),
        Sgd.nesterov(0.05, 0.8),
        Adam.of(0.01).withWeightDecay(0.1),
        AdamW.of(0.01),
        RmsProp.of(0.01).withWeightDecay(0.1),
        Adagrad.of(0.1));
  }

  /** Two parameters of different shapes, the second float32. */
  private static List<Parameter> freshParameters() {
    return List.of(
        new Parameter(NdArray.of(new double[][] {{0.5, -1}, {2, 0.25}})),
        new Parameter(NdArray.of(1.5, -0.5, 3).to(DType.FLOAT32)));
  }

  private static List<Parameter> copies(List<Parameter> parameters) {
    List<Parameter> copies = new ArrayList<>();
    for (Parameter p : parameters) {
      copies.add(new Parameter(p.value()));
    }
    return copies;
  }

  /** Gradients of Σ (w − sin(step + 1))², so they depend on both the weights and the step. */
  private static void computeGradients(List<Parameter> parameters, int step) {
    for (Parameter p : parameters) {
      p.tensor().sub(Math.sin(step + 1)).square().sum().backward();
    }
  }

  private static void train(Optimizer optimizer, List<Parameter> parameters, int fromStep, int toStep) {
    for (int step = fromStep; step < toStep; step++) {
      optimizer.zeroGrad();
      computeGradients(parameters, step);
      optimizer.step();
    }
  }

  @Property(tries = 20)
  void stateThenLoadStateIntoAFreshOptimizerContinuesBitIdentically(@ForAll("rules") UpdateRule rule) {
    List<Parameter> uninterrupted = freshParameters();
    Optimizer straight = Optimizer.create(rule, uninterrupted).withClipping(GradientClipping.byGlobalNorm(3));
    train(straight, uninterrupted, 0, 3);
    straight.setLearningRate(rule.learningRate() / 2);
    train(straight, uninterrupted, 3, 6);

    List<Parameter> first = freshParameters();
    Optimizer before = Optimizer.create(rule, first).withClipping(GradientClipping.byGlobalNorm(3));
    train(before, first, 0, 3);
    before.setLearningRate(rule.learningRate() / 2);
    Map<String, NdArray> saved = before.state();

    List<Parameter> resumed = copies(first);
    Optimizer after = Optimizer.create(rule, resumed).withClipping(GradientClipping.byGlobalNorm(3));
    after.loadState(saved);
    assertEquals(3, after.stepCount());
    train(after, resumed, 3, 6);

    for (int i = 0; i < resumed.size(); i++) {
      assertEquals(uninterrupted.get(i).value(), resumed.get(i).value());
    }
    assertEquals(straight.state(), after.state());
  }

  @Property(tries = 20)
  void aFloat32ParameterAndItsSlotsStayFloat32(@ForAll("rules") UpdateRule rule) {
    Parameter w = new Parameter(NdArray.of(0.5, -0.25).to(DType.FLOAT32));
    Optimizer optimizer = Optimizer.create(rule, List.of(w));
    for (int step = 0; step < 3; step++) {
      setGrad(w, 1, -2);
      optimizer.step();
    }
    assertEquals(DType.FLOAT32, w.dtype());
    for (Map.Entry<String, NdArray> entry : optimizer.state().entrySet()) {
      boolean counter = entry.getValue().rank() == 0;
      assertEquals(counter ? DType.FLOAT64 : DType.FLOAT32, entry.getValue().dtype(), entry.getKey());
    }
  }

  @Example
  void stateIsAnInsertionOrderedImmutableSnapshot() {
    List<Parameter> parameters = freshParameters();
    Optimizer adam = Optimizer.create(Adam.of(0.01), parameters);
    Map<String, NdArray> state = adam.state();
    assertEquals(
        List.of(
            "learningRate", "stepCount",
            "param.0.firstMoment", "param.0.secondMoment", "param.0.step",
            "param.1.firstMoment", "param.1.secondMoment", "param.1.step"),
        List.copyOf(state.keySet()));
    assertEquals(NdArray.scalar(0.01), state.get("learningRate"));
    assertThrows(UnsupportedOperationException.class, () -> state.put("x", NdArray.scalar(1)));

    train(adam, parameters, 0, 1);
    assertEquals(0.0, state.get("stepCount").item()); // the snapshot did not move
    assertEquals(1.0, adam.state().get("stepCount").item());
  }

  @Example
  void loadStateWithAWrongKeyThrowsNamingItAndChangesNothing() {
    List<Parameter> parameters = freshParameters();
    Optimizer sgd = Optimizer.create(Sgd.withMomentum(0.1, 0.9), parameters);
    train(sgd, parameters, 0, 2);
    Map<String, NdArray> before = sgd.state();

    Map<String, NdArray> renamed = new LinkedHashMap<>(before);
    renamed.put("param.0.momentum", renamed.remove("param.0.velocity"));
    renamed.put("learningRate", NdArray.scalar(0.5));
    String message = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(renamed)).getMessage();
    assertEquals(
        "optimizer loadState: unexpected key param.0.momentum; this optimizer has 2 parameters with slots [velocity]",
        message);

    Map<String, NdArray> missing = new LinkedHashMap<>(before);
    missing.remove("param.1.velocity");
    assertEquals(
        "optimizer loadState: missing key param.1.velocity",
        assertThrows(IllegalArgumentException.class, () -> sgd.loadState(missing)).getMessage());
    assertEquals(before, sgd.state());
  }

  @Example
  void loadStateWithAWrongShapeOrDtypeThrowsNamingTheKeyAndChangesNothing() {
    List<Parameter> parameters = freshParameters();
    Optimizer adam = Optimizer.create(Adam.of(0.01), parameters);
    train(adam, parameters, 0, 2);
    Map<String, NdArray> before = adam.state();

    Map<String, NdArray> wrongShape = new LinkedHashMap<>(before);
    wrongShape.put("learningRate", NdArray.scalar(0.5));
    wrongShape.put("param.1.secondMoment", NdArray.zeros(Shape.of(2), DType.FLOAT32));
    assertEquals(
        "optimizer loadState: param.1.secondMoment must be float32[3]; got float32[2]",
        assertThrows(IllegalArgumentException.class, () -> adam.loadState(wrongShape)).getMessage());

    Map<String, NdArray> wrongDtype = new LinkedHashMap<>(before);
    wrongDtype.put("param.0.firstMoment", before.get("param.0.firstMoment").to(DType.FLOAT32));
    assertEquals(
        "optimizer loadState: param.0.firstMoment must be float64[2, 2]; got float32[2, 2]",
        assertThrows(IllegalArgumentException.class, () -> adam.loadState(wrongDtype)).getMessage());

    Map<String, NdArray> negativeRate = new LinkedHashMap<>(before);
    negativeRate.put("learningRate", NdArray.scalar(-1));
    assertThrows(IllegalArgumentException.class, () -> adam.loadState(negativeRate));
    assertEquals(before, adam.state());
  }

  @Example
  void loadStateRejectsAStepCountThatIsNotFiniteOrNotAnExactLongAndChangesNothing() {
    List<Parameter> parameters = freshParameters();
    Optimizer adam = Optimizer.create(Adam.of(0.01), parameters);
    train(adam, parameters, 0, 2);
    Map<String, NdArray> before = adam.state();

    double[] bad = {
      Double.POSITIVE_INFINITY, Double.NaN, 1e300, 0x1p63, 0x1p53 + 2, -1, 2.5, Double.NEGATIVE_INFINITY
    };
    for (double steps : bad) {
      Map<String, NdArray> hostile = new LinkedHashMap<>(before);
      hostile.put("learningRate", NdArray.scalar(0.5));
      hostile.put("param.0.firstMoment", NdArray.zeros(Shape.of(2, 2), DType.FLOAT64));
      hostile.put("stepCount", NdArray.scalar(steps));
      String message =
          assertThrows(IllegalArgumentException.class, () -> adam.loadState(hostile), "stepCount " + steps)
              .getMessage();
      assertTrue(message.startsWith("optimizer loadState: stepCount must be "), message);
      assertTrue(message.endsWith("; got " + steps), message);
      assertEquals(before, adam.state(), "stepCount " + steps);
      assertEquals(2, adam.stepCount());
    }

    Map<String, NdArray> largest = new LinkedHashMap<>(before);
    largest.put("stepCount", NdArray.scalar(0x1p53));
    adam.loadState(largest);
    assertEquals(1L << 53, adam.stepCount());
  }

  @Example
  void loadStateFromAnOptimizerWithMoreParametersNamesTheFirstExtraKey() {
    List<Parameter> three = new ArrayList<>(freshParameters());
    three.add(Params.of(1.0));
    Map<String, NdArray> saved = Optimizer.create(Adagrad.of(0.1), three).state();
    Optimizer two = Optimizer.create(Adagrad.of(0.1), freshParameters());
    String message = assertThrows(IllegalArgumentException.class, () -> two.loadState(saved)).getMessage();
    assertTrue(message.contains("unexpected key param.2.sumOfSquares; this optimizer has 2 parameters"), message);
  }

  @Example
  void stepSkipsParametersWithoutAGradientButCountsTheStep() {
    Parameter trained = Params.of(1.0);
    Parameter idle = Params.of(5.0);
    Optimizer adam = Optimizer.create(Adam.of(0.1), List.of(trained, idle));
    setGrad(trained, 2);
    adam.step();

    assertEquals(1.0 - 0.1 * 2 / (2 + 1e-8), Params.item(trained), 1e-12);
    assertEquals(5.0, Params.item(idle));
    assertEquals(0.0, adam.state().get("param.1.step").item());
    assertEquals(1.0, adam.state().get("param.0.step").item());
    assertEquals(1, adam.stepCount());
    assertFalse(trained.hasGrad()); // the update makes a fresh leaf
  }

  @Example
  void zeroGradDropsEveryGradient() {
    List<Parameter> parameters = freshParameters();
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), parameters);
    computeGradients(parameters, 0);
    assertTrue(parameters.get(0).hasGrad() && parameters.get(1).hasGrad());
    sgd.zeroGrad();
    assertFalse(parameters.get(0).hasGrad() || parameters.get(1).hasGrad());
  }

  @Example
  void withClippingGivesAnIndependentCopy() {
    Parameter w = Params.of(1.0);
    Optimizer plain = Optimizer.create(Sgd.withMomentum(0.1, 0.9), List.of(w));
    Optimizer clipped = plain.withClipping(GradientClipping.byValue(0.5));
    assertEquals(0.95, Params.stepWith(clipped, w, 10), 1e-12); // g clipped to 0.5: 1 − 0.1·0.5
    assertEquals(1, clipped.stepCount());
    assertEquals(0, plain.stepCount());
    assertEquals(0.0, plain.state().get("param.0.velocity").item());
  }

  @Example
  void createAndSetLearningRateRejectMisuse() {
    Parameter w = Params.of(1.0);
    assertEquals(
        "optimizer: parameter 1 is the same object as parameter 0",
        assertThrows(IllegalArgumentException.class, () -> Optimizer.create(Sgd.of(0.1), List.of(w, w)))
            .getMessage());
    assertEquals(
        "optimizer: needs at least one parameter",
        assertThrows(IllegalArgumentException.class, () -> Optimizer.create(Sgd.of(0.1), List.of())).getMessage());
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), List.of(w));
    assertEquals(
        "optimizer: learningRate must be non-negative; got -0.5",
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-0.5)).getMessage());
    sgd.setLearningRate(0);
    assertEquals(1.0, Params.stepWith(sgd, w, 3)); // a zero rate leaves the weights alone
  }
}
