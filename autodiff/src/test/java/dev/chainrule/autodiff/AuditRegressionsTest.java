package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Regressions from an adversarial review: tails, failed passes, shared graphs, error wording. */
class AuditRegressionsTest {

  @Test
  void sigmoidKeepsItsLeftTailInBothDtypes() {
    assertEquals(Math.exp(-700), Tensor.scalar(-700).sigmoid().item(), 1e-12 * Math.exp(-700));
    Tensor x = Tensor.scalar(-20, DType.FLOAT32).requiresGrad();
    Tensor logSigmoid = x.sigmoid().log();
    logSigmoid.backward();
    assertEquals(-20, logSigmoid.item(), 1e-5);
    assertEquals(1, x.grad().item(), 1e-6);
  }

  /** Passes its input through, but its backward always fails. */
  private record FailingBackward() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x;
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      throw new IllegalStateException("failingBackward: deliberate");
    }
  }

  @Test
  void aFailedBackwardLeavesTheGraphIntact() {
    Tensor x = Tensor.scalar(2).requiresGrad();
    Tensor h = x.mul(2);
    Tensor y = Tensor.apply(new FailingBackward(), h).exp().add(h).sum();
    assertThrows(IllegalStateException.class, y::backward);
    Tensor add = y.inputs().get(0);
    assertEquals(2, add.inputs().size(), "the graph is not half-freed");
    assertEquals(2, h.inputs().size());
    assertEquals(16, Autodiff.grad(h.square(), List.of(x)).get(x).item(), 1e-12); // d(4x²)/dx at 2
    assertFalse(x.hasGrad());
  }

  @Test
  void gradWithRespectToAnIntermediateDoesNotFreeWhatLiesBelowIt() {
    Tensor p = Tensor.scalar(1.5).requiresGrad();
    Tensor h = p.mul(3);
    assertEquals(9, Autodiff.grad(h.square(), List.of(h)).get(h).item(), 1e-12);
    h.exp().backward();
    assertEquals(3 * Math.exp(4.5), p.grad().item(), 1e-9);
  }

  @Test
  void threadsSharingAGraphGetGradientsOrAClearErrorNeverANullPointer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 100; round++) {
        Tensor w = Tensor.scalar(0.3).requiresGrad();
        Tensor shared = w;
        for (int i = 0; i < 50; i++) {
          shared = shared.mul(1.01).sin();
        }
        Tensor s = shared;
        List<Future<Object>> results = List.of(
            pool.submit(() -> outcome(s, w)), pool.submit(() -> outcome(s, w)));
        for (Future<Object> f : results) {
          Object r = f.get(30, TimeUnit.SECONDS);
          assertTrue(r instanceof Double || r instanceof GraphFreedException, "unexpected " + r);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Object outcome(Tensor shared, Tensor w) {
    try {
      return Autodiff.grad(shared.sin(), List.of(w)).get(w).item();
    } catch (GraphFreedException e) {
      return e;
    }
  }

  @Test
  void concatAndPadKeepNegativeZero() {
    NdArray negativeZero = NdArray.of(-0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(Tensor.concat(0, Tensor.of(negativeZero), Tensor.of(1)).value().get(0)));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Tensor.of(negativeZero).pad(0, 1, 0).value().get(1)));
  }

  @Test
  void aHugeShapeWithAZeroDimensionIsEmptyNotTooLarge() {
    assertEquals(0, Shape.of(100_000, 100_000, 0).size());
  }

  private static String message(Runnable action) {
    return assertThrows(RuntimeException.class, action::run).getMessage();
  }

  @Test
  void errorsNameTheOpTheUserCalled() {
    Tensor a = Tensor.zeros(Shape.of(2, 2, 3), DType.FLOAT64);
    Tensor b = Tensor.zeros(Shape.of(3, 3, 4), DType.FLOAT64);
    assertEquals("matmul: batch dimensions cannot be broadcast; got [2, 2, 3] @ [3, 3, 4]", message(() -> a.matmul(b)));
    assertEquals("softmax: axis 3 is out of range for shape [2, 2, 3]", message(() -> a.softmax(3)));
    assertEquals("logsumexp: axis 5 is out of range for shape [2, 2, 3]",
        message(() -> a.logsumexp(dev.chainrule.autodiff.array.Axes.of(5))));
    assertEquals("stack: axis 4 is out of range for stacking shape [2, 2, 3]", message(() -> Tensor.stack(4, a, a)));
    assertTrue(message(() -> Tensor.apply(new dev.chainrule.autodiff.op.MatMul(false, false), a, a.to(DType.FLOAT32)))
        .startsWith("matmul: dtypes differ"));
    assertTrue(message(() -> a.clamp(Double.NaN, 1)).startsWith("clamp: need min <= max"));
    assertEquals("Grads.get: input index (5) must be less than size (2)", message(() -> Grads.none(2).get(5)));
  }

  @Test
  void gradCheckRejectsAFloat32ResultAndANullOne() {
    assertTrue(message(() -> GradCheck.check(t -> t.to(DType.FLOAT32).exp(), NdArray.of(0.3, 0.7)))
        .startsWith("gradcheck: f returned a float32 result"));
    assertEquals("gradcheck: f returned null", message(() -> GradCheck.check(t -> null, NdArray.of(1))));
    assertEquals("gradcheck: needs at least one input", message(() -> GradCheck.check(xs -> null, List.of())));
  }

  /** A custom op whose backward returns null. */
  private record NullBackward() implements Op {
    @Override
    public Shape shape(List<Shape> inputs) {
      return inputs.get(0);
    }

    @Override
    public NdArray forward(List<NdArray> inputs) {
      return inputs.get(0);
    }

    @Override
    public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
      return null;
    }
  }

  @Test
  void aBackwardReturningNullSaysWhatToReturnInstead() {
    Tensor x = Tensor.scalar(1).requiresGrad();
    assertEquals("nullBackward: backward returned null; return Grads.none(n) for inputs without a gradient",
        message(() -> Tensor.apply(new NullBackward(), x).backward()));
    assertFalse(x.hasGrad());
  }
}
