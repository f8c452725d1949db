package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.HookHandle;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Forward pre-hooks, forward hooks and full backward hooks on a {@link Hooked} module. */
class HookedTest {
  private final Random random = new Random(7);
  private final Linear linear = Linear.create(3, 2, random);
  private final Tensor input = Tensor.randn(Shape.of(4, 3), DType.FLOAT64, random);

  private static boolean close(Tensor a, Tensor b) {
    return a.value().allClose(b.value(), 1e-12, 1e-12);
  }

  /** A backward hook that appends both gradients to {@code seen} and changes nothing. */
  private static BackwardHook recordingInto(List<Tensor> seen) {
    return (gradInput, gradOutput) -> {
      seen.add(gradInput);
      seen.add(gradOutput);
      return gradInput;
    };
  }

  @Test
  void aForwardPreHookSeesTheInputAndItsReplacementIsWhatTheModuleGets() {
    Hooked<Linear> hooked = Hooked.of(linear);
    List<Tensor> seen = new ArrayList<>();
    hooked.registerForwardPreHook(x -> {
      seen.add(x);
      return x.mul(2);
    });
    Tensor out = hooked.forward(input);
    assertEquals(List.of(input), seen);
    assertTrue(close(linear.forward(input.mul(2)), out));
  }

  @Test
  void aForwardHookSeesTheInputAndOutputAndItsReplacementIsReturned() {
    Hooked<Linear> hooked = Hooked.of(linear);
    List<Tensor> seen = new ArrayList<>();
    hooked.registerForwardHook((x, y) -> {
      seen.add(x);
      seen.add(y);
      return y.relu();
    });
    Tensor out = hooked.forward(input);
    assertSame(input, seen.get(0));
    assertTrue(close(linear.forward(input), seen.get(1)));
    assertTrue(close(linear.forward(input).relu(), out));
  }

  @Test
  void hooksRunInRegistrationOrderWhenSequentialCallsTheModuleAndStopOnceRemoved() {
    Hooked<Linear> hooked = Hooked.of(linear);
    Sequential model = Sequential.of(hooked, Activation.tanh());
    List<String> calls = new ArrayList<>();
    HookHandle pre = hooked.registerForwardPreHook(x -> {
      calls.add("pre");
      return x;
    });
    HookHandle first = hooked.registerForwardHook((x, y) -> {
      calls.add("first");
      return y.mul(3);
    });
    HookHandle second = hooked.registerForwardHook((x, y) -> {
      calls.add("second");
      return y.add(1);
    });
    Tensor out = model.forward(input);
    assertEquals(List.of("pre", "first", "second"), calls);
    assertTrue(close(linear.forward(input).mul(3).add(1).tanh(), out));
    pre.remove();
    first.remove();
    second.remove();
    second.remove();
    calls.clear();
    assertTrue(close(linear.forward(input).tanh(), model.forward(input)));
    assertEquals(List.of(), calls);
  }

  @Test
  void aFullBackwardHookSeesTheGradientsWithRespectToTheOutputAndTheInput() {
    Tensor x = input.requiresGrad();
    Hooked<Linear> hooked = Hooked.of(linear);
    List<Tensor> seen = new ArrayList<>();
    hooked.registerFullBackwardHook(recordingInto(seen));
    Tensor y = hooked.forward(x);
    Tensor loss = y.tanh().sum().add(x.square().sum());
    Gradients expected = Autodiff.grad(y.tanh().sum(), List.of(x, y), GradOptions.retainingGraph());
    seen.clear(); // the hook ran in that pass too
    loss.backward();
    assertEquals(2, seen.size());
    assertTrue(close(expected.get(x), seen.get(0)), "the input's gradient through the module alone");
    assertTrue(close(expected.get(y), seen.get(1)));
    assertTrue(close(expected.get(x).add(x.mul(2)), x.grad()));
  }

  @Test
  void aFullBackwardHookReplacingTheInputGradientChangesOnlyWhatFlowsBelowTheModule() {
    Tensor x = input.requiresGrad();
    Hooked<Linear> hooked = Hooked.of(linear);
    Tensor weight = linear.weight().tensor();
    Gradients plain = Autodiff.grad(hooked.forward(x).tanh().sum(), List.of(x, weight));
    hooked.registerFullBackwardHook((gradInput, gradOutput) -> gradInput.mul(2));
    Gradients doubled = Autodiff.grad(hooked.forward(x).tanh().sum(), List.of(x, weight));
    assertTrue(close(plain.get(x).mul(2), doubled.get(x)));
    assertTrue(close(plain.get(weight), doubled.get(weight)));
  }

  /** y = tanh(x) hooked to pass on gradInput·x, so the created gradient is (1 - tanh²x)·x, whose slope is known. */
  @Test
  void whatABackwardHookComputesIsPartOfACreatedGraph() {
    Hooked<Activation> hooked = Hooked.of(Activation.tanh());
    Tensor x = Tensor.of(0.3, -1.2).requiresGrad();
    HookHandle hook = hooked.registerFullBackwardHook((gradInput, gradOutput) -> gradInput.mul(x));
    Tensor first = Autodiff.grad(hooked.forward(x).sum(), List.of(x), GradOptions.creatingGraph()).get(x);
    hook.remove(); // else it would run in the second pass too
    Tensor second = Autodiff.grad(first.sum(), List.of(x)).get(x);
    for (int i = 0; i < 2; i++) {
      double v = x.value().toDoubleArray()[i];
      double t = Math.tanh(v);
      assertEquals((1 - t * t) * v, first.value().toDoubleArray()[i], 1e-12);
      assertEquals((1 - t * t) - 2 * t * (1 - t * t) * v, second.value().toDoubleArray()[i], 1e-12);
    }
  }

  @Test
  void aFullBackwardHookOnAModuleWithAConstantInputGetsANullInputGradient() {
    Hooked<Linear> hooked = Hooked.of(linear);
    List<Tensor> seen = new ArrayList<>();
    hooked.registerFullBackwardHook(recordingInto(seen));
    hooked.forward(input).sum().backward();
    assertEquals(2, seen.size());
    assertNull(seen.get(0));
    assertTrue(close(Tensor.ones(Shape.of(4, 2), DType.FLOAT64), seen.get(1)));
  }

  @Test
  void aModuleCalledTwiceInOneGraphGivesEachCallItsOwnGradients() {
    Linear square = Linear.withoutBias(2, 2, DType.FLOAT64, Init.xavierUniform(), random);
    Hooked<Linear> hooked = Hooked.of(square);
    Tensor x = Tensor.randn(Shape.of(1, 2), DType.FLOAT64, random).requiresGrad();
    List<Tensor[]> seen = new ArrayList<>();
    hooked.registerFullBackwardHook((gradInput, gradOutput) -> {
      seen.add(new Tensor[] {gradInput, gradOutput});
      return gradInput;
    });
    Tensor h = hooked.forward(x);
    Tensor y = hooked.forward(h);
    Gradients expected = Autodiff.grad(y.sum(), List.of(x, h, y), GradOptions.retainingGraph());
    seen.clear(); // the hook ran in that pass too
    y.sum().backward();
    assertEquals(2, seen.size());
    assertTrue(close(expected.get(h), seen.get(0)[0]), "the second call comes first in backward");
    assertTrue(close(expected.get(y), seen.get(0)[1]));
    assertTrue(close(expected.get(x), seen.get(1)[0]));
    assertTrue(close(expected.get(h), seen.get(1)[1]));
  }

  @Test
  void aRemovedBackwardHookDoesNotRunEvenForAGraphBuiltBeforeTheRemoval() {
    Hooked<Linear> hooked = Hooked.of(linear);
    AtomicInteger calls = new AtomicInteger();
    HookHandle handle = hooked.registerFullBackwardHook((gradInput, gradOutput) -> {
      calls.incrementAndGet();
      return gradInput;
    });
    Tensor loss = hooked.forward(input.requiresGrad()).sum();
    handle.remove();
    loss.backward();
    hooked.forward(input.requiresGrad()).sum().backward();
    assertEquals(0, calls.get());
  }

  @Test
  void withoutBackwardHooksOrOutsideGradModeTheOutputIsTheModulesOwn() {
    Hooked<Linear> hooked = Hooked.of(linear);
    assertEquals("linear", hooked.forward(input).op().orElseThrow().name());
    hooked.registerFullBackwardHook((gradInput, gradOutput) -> gradInput);
    assertEquals("hookPoint", hooked.forward(input).op().orElseThrow().name());
    try (GradScope off = Autodiff.noGrad()) {
      assertFalse(hooked.forward(input).isGradRequired());
    }
  }

  @Test
  void aBackwardHookReturningAnotherShapeFailsNamingBothShapes() {
    Hooked<Linear> hooked = Hooked.of(linear);
    hooked.registerFullBackwardHook((gradInput, gradOutput) -> gradInput.sum());
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> hooked.forward(input.requiresGrad()).sum().backward());
    assertEquals("full backward hook: must return a gradient of the input's shape and dtype; got float64[] for"
        + " float64[4, 3]", e.getMessage());
  }

  @Test
  void aForwardHookReturningNullFailsSayingHowToKeepTheValue() {
    Hooked<Linear> hooked = Hooked.of(linear);
    HookHandle pre = hooked.registerForwardPreHook(x -> null);
    IllegalStateException preError = assertThrows(IllegalStateException.class, () -> hooked.forward(input));
    assertEquals("forward pre-hook: returned null; return the input itself to keep it", preError.getMessage());
    pre.remove();
    hooked.registerForwardHook((x, y) -> null);
    IllegalStateException postError = assertThrows(IllegalStateException.class, () -> hooked.forward(input));
    assertEquals("forward hook: returned null; return the output itself to keep it", postError.getMessage());
  }

  @Test
  void theWrapperKeepsNamesStateDictsAndSummariesAsTheyWere() {
    Sequential plain = Sequential.of(linear, Activation.tanh());
    Sequential wrapped = Sequential.of(Hooked.of(linear), Activation.tanh());
    assertEquals(plain.namedParameters(), wrapped.namedParameters());
    assertEquals(plain.stateDict().keySet(), wrapped.stateDict().keySet());
    assertEquals(plain.summary(), wrapped.summary());
    Hooked<Sequential> outer = Hooked.of(plain);
    assertEquals(plain.namedParameters(), outer.namedParameters());
    assertSame(plain, outer.module());
  }
}
