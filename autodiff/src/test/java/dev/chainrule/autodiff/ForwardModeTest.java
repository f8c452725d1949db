package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Forward mode beyond single ops: Jacobians, Hessians, composition with reverse mode, errors, threads. */
class ForwardModeTest {
  /** A smooth function mixing products, a reduction and a matrix product, from [3] to [2]. */
  private static final UnaryOperator<Tensor> F = x -> {
    Tensor m = x.reshape(3, 1).matmul(x.reshape(1, 3)).sin();
    return Tensor.stack(0, m.sum().mul(x.sum()), x.exp().mul(x.square()).sum());
  };

  /** A smooth scalar function of a [3] vector. */
  private static final UnaryOperator<Tensor> SCALAR = x -> x.square().mul(x.sin()).sum().add(x.sum().square().tanh());

  @Property(tries = 30)
  void jacfwdEqualsTheReverseModeJacobian(@ForAll long seed) {
    NdArray x = NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, new Random(seed));
    assertClose(Autodiff.jacobian(F, x), Autodiff.jacfwd(F, x), 1e-12);
  }

  @Property(tries = 30)
  void theForwardOverReverseHessianEqualsReverseOverReverse(@ForAll long seed) {
    NdArray x = NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, new Random(seed));
    NdArray reverseOverReverse = Autodiff.jacobian(t -> Autodiff.grad(SCALAR.apply(t), List.of(t),
        GradOptions.creatingGraph()).get(t), x);
    assertClose(reverseOverReverse, Autodiff.hessian(SCALAR, x), 1e-12);
  }

  @Property(tries = 30)
  void hvpForwardOverReverseEqualsReverseOverReverse(@ForAll long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.of(NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, random));
    Tensor v = Tensor.of(NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, random));
    assertClose(Autodiff.hvp(SCALAR, x, v).value(), Autodiff.hvpForward(SCALAR, x, v).value(), 1e-12);
  }

  @Property(tries = 30)
  void differentiatingATangentInReverseModeGivesTheHessianVectorProduct(@ForAll long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.of(NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, random)).requiresGrad();
    Tensor v = Tensor.of(NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, random));
    Tensor directional = Autodiff.jvp(SCALAR, x, v).tangent(); // ∇f·v, still a function of x
    assertTrue(directional.isGradRequired(), "the tangent is recorded for reverse mode");
    Tensor reverseOverForward = Autodiff.grad(directional, List.of(x)).get(x);
    assertClose(Autodiff.hvp(SCALAR, x, v).value(), reverseOverForward.value(), 1e-12);
  }

  /**
   * A gradient taken inside a jvp without creating a graph still carries tangents: the ops whose
   * first-order backward runs on arrays (softmax, ReLU, standardize) must take their composed rules there,
   * or the tangent of the gradient would be lost (it came out as zeros).
   */
  @Property(tries = 20)
  void aGradientInsideAJvpCarriesTangentsThroughTheFusedBackwards(@ForAll long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.of(NdArray.uniform(Shape.of(2, 5), DType.FLOAT64, -1, 1, random));
    Tensor v = Tensor.of(NdArray.uniform(Shape.of(2, 5), DType.FLOAT64, -1, 1, random));
    Tensor w = Tensor.of(NdArray.uniform(Shape.of(2, 5), DType.FLOAT64, -1, 1, random));
    List<UnaryOperator<Tensor>> functions = List.of(
        t -> t.softmax(-1).mul(w).sum(),
        t -> t.softmax(0).mul(w).sum(),
        t -> t.relu().mul(t).mul(w).sum(),
        t -> t.standardize(Axes.of(-1), 1e-5).mul(w).sum());
    for (UnaryOperator<Tensor> f : functions) {
      Tensor tangent;
      try (GradScope on = Autodiff.enableGrad()) {
        tangent = Autodiff.jvp(t -> Autodiff.grad(f.apply(t), List.of(t)).get(t), x.requiresGrad(), v).tangent();
      }
      assertClose(Autodiff.hvp(f, x, v).value(), tangent.value(), 1e-12);
    }
  }

  @Property(tries = 20)
  void aLinearizationAppliedToManyTangentsAgreesWithJvpWithoutRunningTheFunctionAgain(@ForAll long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.of(NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, random));
    int[] calls = {0};
    Linearization linear = Autodiff.linearize(t -> {
      calls[0]++;
      return F.apply(t);
    }, x);
    assertClose(F.apply(x).value(), linear.value().value(), 0);
    for (int k = 0; k < 3; k++) {
      Tensor t = Tensor.of(NdArray.uniform(Shape.of(3), DType.FLOAT64, -1, 1, random));
      assertClose(Autodiff.jvp(F, x, t).tangent().value(), linear.jvp().apply(t).value(), 1e-12);
    }
    assertEquals(1, calls[0], "f ran once");
    assertThrows(IllegalArgumentException.class, () -> linear.jvp().apply(Tensor.of(1.0, 2.0)));
  }

  @Example
  void aFunctionThatIgnoresItsInputHasAZeroTangent() {
    Jvp jvp = Autodiff.jvp(x -> Tensor.of(1.0, 2.0), Tensor.of(3.0), Tensor.of(1.0));
    assertArrayEquals(new double[] {0, 0}, jvp.tangent().value().toDoubleArray());
  }

  @Example
  void aCustomOpWithoutAJvpRuleGetsOneDerivedFromItsBackward() {
    Op cube = new Op.Unary() {
      @Override
      public NdArray forward(NdArray x) {
        return x.map(v -> v * v * v);
      }

      @Override
      public Tensor backward(Tensor grad, Tensor x, Tensor out) {
        return grad.mul(x.square()).mul(3);
      }
    };
    Jvp jvp = Autodiff.jvp(x -> Tensor.apply(cube, x), Tensor.of(2.0, -1.0), Tensor.of(1.0, 0.5));
    assertArrayEquals(new double[] {12, 1.5}, jvp.tangent().value().toDoubleArray(), 1e-15);
  }

  @Example
  void aCustomOpWhoseBackwardIsNotDifferentiableIsRefusedByName() {
    Op opaque = new Op.Unary() {
      @Override
      public String name() {
        return "opaque";
      }

      @Override
      public NdArray forward(NdArray x) {
        return x.map(v -> 2 * v);
      }

      @Override
      public Tensor backward(Tensor grad, Tensor x, Tensor out) {
        return Tensor.of(grad.value().map(g -> 2 * g)); // array code: no graph
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autodiff.jvp(x -> Tensor.apply(opaque, x), Tensor.of(1.0), Tensor.of(1.0)));
    assertTrue(e.getMessage().startsWith("opaque: forward mode needs a jvp rule"), e.getMessage());
  }

  @Example
  void aTangentOfAnotherShapeOrDtypeIsRefused() {
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Autodiff.jvp(x -> x.exp(), Tensor.of(1.0, 2.0), Tensor.of(1.0)));
    assertEquals("jvp: a tangent must have its primal's shape and dtype; got [1] float64 for [2] float64",
        shape.getMessage().replace("FLOAT64", "float64"));
    assertThrows(IllegalArgumentException.class,
        () -> Autodiff.jvp(x -> x.exp(), Tensor.of(1.0), Tensor.of(1.0).to(DType.FLOAT32)));
  }

  @Example
  void forwardModeInsideForwardModeIsRefusedAndLeavesNoStateBehind() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autodiff.jvp(
        x -> Autodiff.jvp(y -> y.exp(), x, x).tangent(), Tensor.of(1.0), Tensor.of(1.0)));
    assertTrue(e.getMessage().contains("forward mode inside forward mode"), e.getMessage());
    assertEquals(Math.E, Autodiff.jvp(y -> y.exp(), Tensor.scalar(1.0), Tensor.scalar(1.0)).tangent().item(), 1e-15);
  }

  @Example
  void forwardModeOnOneThreadGivesNoTangentsToAnother() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch otherDone = new CountDownLatch(1);
      Tensor shared = Tensor.of(1.0, 2.0);
      Future<Tensor> tangent = pool.submit(() -> Autodiff.jvp(x -> {
        inside.countDown();
        await(otherDone);
        return x.mul(x);
      }, shared, Tensor.of(1.0, 1.0)).tangent());
      inside.await();
      // the main thread computes with the same primal while the other thread's forward mode is open
      shared.mul(shared);
      assertEquals(null, GradMode.state().forward, "no forward mode on this thread");
      // and this thread can run forward mode of its own meanwhile: it is not nested in the other one
      assertArrayEquals(new double[] {3, 6}, Autodiff.jvp(x -> x.mul(x), shared, Tensor.of(1.5, 1.5)).tangent()
          .value().toDoubleArray(), 0);
      otherDone.countDown();
      assertArrayEquals(new double[] {2, 4}, tangent.get().value().toDoubleArray(), 0);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void assertClose(NdArray expected, NdArray actual, double tolerance) {
    assertEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.getFlat(i), actual.getFlat(i), tolerance * (1 + Math.abs(expected.getFlat(i))), "at " + i);
    }
  }
}
