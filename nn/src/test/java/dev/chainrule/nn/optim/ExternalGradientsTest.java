package dev.chainrule.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Optimizer#step(List)}: gradients from elsewhere give what {@link Optimizer#step()} gives. */
class ExternalGradientsTest {
  enum Rule {
    SGD_MOMENTUM(Sgd.withMomentum(0.1, 0.9)),
    ADAM(Adam.of(0.01)),
    ADAM_CLIPPED(Adam.of(0.01));

    final UpdateRule rule;

    Rule(UpdateRule rule) {
      this.rule = rule;
    }
  }

  private static Module model() {
    Random random = new Random(7);
    return Sequential.of(
        Linear.create(3, 4, DType.FLOAT64, Init.xavierUniform(), random),
        Activation.tanh(),
        Linear.create(4, 2, DType.FLOAT64, Init.xavierUniform(), random));
  }

  private static Optimizer optimizer(Rule rule, Module model) {
    Optimizer optimizer = Optimizer.create(rule.rule, model.parameters());
    return rule == Rule.ADAM_CLIPPED ? optimizer.withClipping(GradientClipping.byGlobalNorm(0.05)) : optimizer;
  }

  /** A fresh model and its optimizer. */
  private record Run(Module model, Optimizer optimizer) {
    static Run of(Rule rule) {
      Module model = ExternalGradientsTest.model();
      return new Run(model, ExternalGradientsTest.optimizer(rule, model));
    }
  }

  private static void backward(Module model, int step) {
    Tensor x = Tensor.of(new double[][] {{1, -2, 0.5}, {0.3, 0.1, -1}, {step, 1, 2}});
    model.forward(x).sub(Math.sin(step)).square().sum().backward();
  }

  /** The model's gradients from {@link #backward}, in parameter order, taken out of the model. */
  private static List<NdArray> takeGradients(Module model, int step) {
    backward(model, step);
    List<NdArray> grads = new ArrayList<>();
    model.parameters().forEach(p -> grads.add(p.grad()));
    model.zeroGrad();
    return grads;
  }

  private static List<NdArray> values(Module model) {
    List<NdArray> values = new ArrayList<>();
    model.parameters().forEach(p -> values.add(p.value()));
    return values;
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void gradientsFromBackwardGiveBitwiseTheSameParametersAndState(Rule rule) {
    Run own = Run.of(rule);
    Run external = Run.of(rule);
    for (int step = 0; step < 4; step++) {
      backward(own.model(), step);
      own.optimizer().step();
      external.optimizer().step(takeGradients(external.model(), step));
    }
    assertEquals(values(own.model()), values(external.model()));
    assertEquals(own.optimizer().state(), external.optimizer().state());
    assertEquals(4, external.optimizer().stepCount());
  }

  @Test
  void aNullGradientSkipsItsParameterAsAMissingGradientDoes() {
    Run own = Run.of(Rule.ADAM);
    Run external = Run.of(Rule.ADAM);
    backward(own.model(), 1);
    own.model().parameters().get(1).zeroGrad();
    own.optimizer().step();
    List<NdArray> grads = takeGradients(external.model(), 1);
    grads.set(1, null);
    external.optimizer().step(grads);
    assertEquals(values(own.model()), values(external.model()));
    assertEquals(own.optimizer().state(), external.optimizer().state());
    assertEquals(model().parameters().get(1).value(), external.model().parameters().get(1).value());
  }

  @Test
  void theParametersOwnGradientsAreIgnored() {
    Run a = Run.of(Rule.SGD_MOMENTUM);
    Run b = Run.of(Rule.SGD_MOMENTUM);
    List<NdArray> grads = takeGradients(a.model(), 2);
    backward(b.model(), 5); // b's own gradients differ and must not count
    a.optimizer().step(grads);
    b.optimizer().step(grads);
    assertEquals(values(a.model()), values(b.model()));
    b.model().parameters().forEach(p -> assertTrue(!p.hasGrad()));
  }

  private static void assertRejectedUnchanged(Function<List<NdArray>, List<NdArray>> spoil, String message) {
    Module model = model();
    Optimizer optimizer = optimizer(Rule.ADAM, model);
    List<NdArray> before = values(model);
    List<NdArray> grads = new ArrayList<>();
    model.parameters().forEach(p -> grads.add(NdArray.full(p.shape(), p.dtype(), 0.5)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> optimizer.step(spoil.apply(grads)));
    assertTrue(e.getMessage().startsWith("optimizer: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertEquals(before, values(model));
    assertEquals(0, optimizer.stepCount());
    assertEquals(optimizer(Rule.ADAM, model()).state(), optimizer.state());
  }

  @Test
  void aListOfTheWrongSizeIsRejectedBeforeAnythingChanges() {
    assertRejectedUnchanged(g -> g.subList(0, 3), "got 3 gradients for 4 parameters");
  }

  @Test
  void aGradientOfTheWrongShapeIsRejectedBeforeAnythingChanges() {
    assertRejectedUnchanged(g -> {
      List<NdArray> spoiled = new ArrayList<>(g);
      spoiled.set(2, NdArray.zeros(Shape.of(4, 2), DType.FLOAT64));
      return spoiled;
    }, "gradient 2 does not match its parameter; expected float64[2, 4], got float64[4, 2]");
  }

  @Test
  void aGradientOfTheWrongDtypeIsRejectedBeforeAnythingChanges() {
    assertRejectedUnchanged(g -> {
      List<NdArray> spoiled = new ArrayList<>(g);
      spoiled.set(3, spoiled.get(3).to(DType.FLOAT32));
      return spoiled;
    }, "gradient 3 does not match its parameter; expected float64[2], got float32[2]");
  }

  @Test
  void nullListIsRejected() {
    Optimizer optimizer = optimizer(Rule.ADAM, model());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> optimizer.step((List<NdArray>) null));
    assertEquals("optimizer: gradients list is null", e.getMessage());
  }
}
