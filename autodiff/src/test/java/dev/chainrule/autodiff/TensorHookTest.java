package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Gradient hooks on tensors: what they see, what they change, their order, removal and threads. */
class TensorHookTest {

  @Provide
  Arbitrary<NdArray> arrays() {
    return TensorArbitraries.arrays(2, 4, Domain.of(-2, 2));
  }

  @Property(tries = 50)
  void aHookOnAnIntermediateSeesTheGradientAutodiffGradReturnsForIt(@ForAll("arrays") NdArray value) {
    Tensor x = Tensor.of(value).requiresGrad();
    Tensor h = x.mul(x).sin();
    Tensor y = h.mul(h.exp()).sum();
    Tensor expected = Autodiff.grad(y, List.of(h), GradOptions.retainingGraph()).get(h);
    AtomicReference<Tensor> seen = new AtomicReference<>();
    h.registerHook(g -> {
      seen.set(g);
      return g;
    });
    y.backward();
    assertTrue(seen.get().value().allClose(expected.value(), 0, 0), seen.get() + " vs " + expected);
  }

  @Property(tries = 50)
  void aHookThatDoublesTheGradientDoublesTheLeafGradientsBelowItAndNoOthers(@ForAll("arrays") NdArray value) {
    Tensor x = Tensor.of(value).requiresGrad();
    Tensor w = Tensor.of(value).requiresGrad();
    Tensor h = x.exp();
    Tensor y = h.mul(h).sum().add(w.tanh().sum());
    Gradients plain = Autodiff.grad(y, List.of(x, w), GradOptions.retainingGraph());
    h.registerHook(g -> g.mul(2));
    y.backward();
    assertTrue(x.grad().value().allClose(plain.get(x).mul(2).value(), 1e-12, 1e-12));
    assertTrue(w.grad().value().allClose(plain.get(w).value(), 0, 0));
  }

  @Example
  void hooksRunInRegistrationOrderEachGivenThePreviousResult() {
    Tensor x = Tensor.scalar(1.5).requiresGrad();
    List<String> calls = new ArrayList<>();
    x.registerHook(g -> {
      calls.add("add one");
      return g.add(1);
    });
    x.registerHook(g -> {
      calls.add("triple");
      return g.mul(3);
    });
    x.mul(2).backward();
    assertEquals(List.of("add one", "triple"), calls);
    assertEquals((2 + 1) * 3, x.grad().item(), 0);
  }

  @Example
  void aRemovedHookIsNotCalledAndRemovingItTwiceIsHarmless() {
    Tensor x = Tensor.scalar(1.5).requiresGrad();
    AtomicInteger calls = new AtomicInteger();
    HookHandle counting = x.registerHook(g -> {
      calls.incrementAndGet();
      return g;
    });
    HookHandle doubling = x.registerHook(g -> g.mul(2));
    doubling.remove();
    doubling.remove();
    x.mul(5).backward();
    assertEquals(5, x.grad().item(), 0);
    assertEquals(1, calls.get());
    try (HookHandle scoped = counting) {
      x.mul(5).backward();
    }
    counting.remove();
    x.mul(5).backward();
    assertEquals(2, calls.get());
  }

  @Example
  void theSameHookRegisteredTwiceRunsTwiceAndIsRemovedOneRegistrationAtATime() {
    Tensor x = Tensor.scalar(1).requiresGrad();
    UnaryOperator<Tensor> doubling = g -> g.mul(2);
    HookHandle first = x.registerHook(doubling);
    x.registerHook(doubling);
    assertEquals(4, Autodiff.grad(x.mul(1), List.of(x)).get(x).item(), 0);
    first.remove();
    assertEquals(2, Autodiff.grad(x.mul(1), List.of(x)).get(x).item(), 0);
  }

  @Example
  void aTensorUsedTwiceGivesItsHookTheSummedGradientOnce() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor h = x.mul(x);
    List<Double> seen = new ArrayList<>();
    h.registerHook(g -> {
      seen.add(g.item());
      return g;
    });
    h.mul(h).add(h.mul(3)).backward(); // d/dh (h² + 3h) = 2h + 3 = 11
    assertEquals(List.of(11.0), seen);
    assertEquals(11 * 4, x.grad().item(), 1e-12);
  }

  @Example
  void aHookOnALeafChangesBothTheAccumulatedGradientAndTheReturnedOne() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    x.registerHook(g -> g.neg());
    assertEquals(-6, Autodiff.grad(x.square(), List.of(x)).get(x).item(), 1e-12);
    x.square().backward();
    assertEquals(-6, x.grad().item(), 1e-12);
  }

  @Example
  void aHookOnTheOutputReplacesTheSeed() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor y = x.mul(3);
    y.registerHook(g -> g.mul(Tensor.of(10, 100)));
    y.backward(Tensor.of(1, 1));
    assertTrue(x.grad().value().allClose(NdArray.of(30, 300), 0, 0));
  }

  @Property(tries = 30)
  void whatAHookComputesIsPartOfACreatedGraph(@ForAll @DoubleRange(min = -2, max = 2) double value) {
    Tensor x = Tensor.scalar(value).requiresGrad();
    Tensor h = x.square();
    HookHandle hook = h.registerHook(g -> g.mul(h)); // dy/dh = 2h becomes 2h², so dy/dx = 2h²·2x = 4x⁵
    Tensor first = Autodiff.grad(h.square(), List.of(x), GradOptions.creatingGraph()).get(x);
    hook.remove();
    Tensor second = Autodiff.grad(first, List.of(x)).get(x);
    assertEquals(4 * Math.pow(value, 5), first.item(), 1e-9);
    assertEquals(20 * Math.pow(value, 4), second.item(), 1e-9);
  }

  /**
   * A hook still registered runs in the second pass too, as in PyTorch: first = 4x·h² (h = x²) has
   * ∂/∂h = 8xh, hooked to 8xh², which reaches x as 16x⁶; the direct path adds 4h² = 4x⁴.
   */
  @Property(tries = 30)
  void aHookStillRegisteredAlsoRunsInTheSecondPass(@ForAll @DoubleRange(min = -2, max = 2) double value) {
    Tensor x = Tensor.scalar(value).requiresGrad();
    Tensor h = x.square();
    h.registerHook(g -> g.mul(h));
    Tensor first = Autodiff.grad(h.square(), List.of(x), GradOptions.creatingGraph()).get(x);
    Tensor second = Autodiff.grad(first, List.of(x)).get(x);
    assertEquals(16 * Math.pow(value, 6) + 4 * Math.pow(value, 4), second.item(), 1e-9);
  }

  @Example
  void withoutACreatedGraphAHookRecordsNothing() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    AtomicReference<Tensor> result = new AtomicReference<>();
    x.registerHook(g -> {
      result.set(g.mul(x));
      return result.get();
    });
    x.square().backward();
    assertFalse(result.get().isGradRequired());
    assertFalse(x.grad().isGradRequired());
  }

  @Example
  void aHookReturningAnotherShapeFailsNamingBothShapesAndChangesNoGradient() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor h = x.mul(2);
    h.registerHook(g -> g.sum());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.sum().backward());
    assertEquals("registerHook: hook returned shape [] (float64) for a tensor of shape [2] (float64); a hook must"
        + " keep both", e.getMessage());
    assertFalse(x.hasGrad());
  }

  @Example
  void aHookReturningAnotherDtypeOrNullFails() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    HookHandle cast = x.registerHook(g -> g.to(DType.FLOAT32));
    IllegalStateException wrongDtype = assertThrows(IllegalStateException.class, () -> x.sum().backward());
    assertTrue(wrongDtype.getMessage().contains("(float32) for a tensor of shape [2] (float64)"),
        wrongDtype.getMessage());
    cast.remove();
    x.registerHook(g -> null);
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> x.sum().backward());
    assertEquals("registerHook: hook returned null; return the gradient itself to keep it", none.getMessage());
  }

  @Example
  void registeringAHookOnAConstantOrANullHookFails() {
    IllegalStateException constant =
        assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).registerHook(g -> g));
    assertTrue(constant.getMessage().startsWith("registerHook: this tensor does not require grad"));
    assertThrows(NullPointerException.class, () -> Tensor.scalar(1).requiresGrad().registerHook(null));
  }

  @Example
  void aHookOnATensorTheTargetsDoNotDependThroughIsNotCalled() {
    Tensor x = Tensor.scalar(1).requiresGrad();
    Tensor w = Tensor.scalar(2).requiresGrad();
    AtomicInteger calls = new AtomicInteger();
    x.registerHook(g -> {
      calls.incrementAndGet();
      return g;
    });
    assertEquals(1, Autodiff.grad(x.mul(w), List.of(w)).get(w).item(), 0);
    assertEquals(0, calls.get());
  }

  @Example
  void aHookOnOneThreadsGraphLeavesAnotherThreadsIndependentGraphAlone() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Double> hooked = pool.submit(() -> gradientOfCube(barrier, true));
      Future<Double> plain = pool.submit(() -> gradientOfCube(barrier, false));
      assertEquals(2 * 12, hooked.get(60, TimeUnit.SECONDS), 1e-9);
      assertEquals(12, plain.get(60, TimeUnit.SECONDS), 1e-9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double gradientOfCube(CyclicBarrier barrier, boolean hook) throws Exception {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor h = x.pow(3);
    if (hook) {
      h.registerHook(g -> g.mul(2));
    }
    barrier.await();
    double total = 0;
    for (int i = 0; i < 200; i++) {
      total = Autodiff.grad(h, List.of(x), GradOptions.retainingGraph()).get(x).item();
    }
    return total;
  }

  @Example
  void aHookRegisteredOnOneThreadIsSeenByABackwardPassOnAnother() throws Exception {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor y = x.square();
    AtomicReference<Thread> caller = new AtomicReference<>();
    x.registerHook(g -> {
      caller.set(Thread.currentThread());
      return g;
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> y.backward()).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(4, x.grad().item(), 0);
    assertTrue(caller.get() != null && caller.get() != Thread.currentThread());
  }
}
