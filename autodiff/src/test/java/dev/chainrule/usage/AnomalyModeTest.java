package dev.chainrule.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.AnomalyException;
import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Anomaly mode, seen from a caller's code. This class lives outside the library's packages on purpose:
 * reports name the first stack frame outside {@code dev.chainrule.autodiff} and {@code dev.chainrule.nn},
 * and here that frame is in this file.
 */
class AnomalyModeTest {
  /** The number of the line after the caller's. */
  private static int nextLine() {
    return StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()).orElseThrow().getLineNumber() + 1;
  }

  /** A custom identity whose backward rule returns NaN. */
  record BrokenIdentity() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x;
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.mul(Double.NaN);
    }
  }

  @Test
  void logOfMinusOneIsReportedWithTheOpItsInputsForwardAndTheCallersLine() {
    Tensor x = Tensor.of(1, -1, 2).requiresGrad();
    AnomalyException thrown = null;
    int line = 0;
    try (GradScope scope = Autodiff.detectAnomaly()) {
      line = nextLine();
      x.log();
    } catch (AnomalyException e) {
      thrown = e;
    }
    assertNotNull(thrown, "log(-1) was not reported");
    assertEquals(
        "log: forward returned NaN from finite inputs; got inputs (float64[3]), created at dev.chainrule.usage."
            + "AnomalyModeTest.logOfMinusOneIsReportedWithTheOpItsInputsForwardAndTheCallersLine(AnomalyModeTest.java:"
            + line + ")",
        thrown.getMessage());
  }

  @Test
  void zeroOverZeroIsReportedWithBothShapesAndTheFloat32Dtype() {
    Tensor a = Tensor.of(NdArray.ofFloats(Shape.of(2), 0f, 1f));
    try (GradScope scope = Autodiff.detectAnomaly()) {
      int line = nextLine();
      AnomalyException e = assertThrows(AnomalyException.class, () -> a.div(a));
      assertTrue(e.getMessage().startsWith("div: forward returned NaN from finite inputs; got inputs"
          + " (float32[2], float32[2]), created at "), e.getMessage());
      assertTrue(e.getMessage().endsWith("(AnomalyModeTest.java:" + line + ")"), e.getMessage());
    }
  }

  @Test
  void anInfinityIsReportedLikeANaN() {
    Tensor x = Tensor.of(1, 1000).requiresGrad();
    try (GradScope scope = Autodiff.detectAnomaly()) {
      AnomalyException e = assertThrows(AnomalyException.class, x::exp);
      assertTrue(e.getMessage().startsWith("exp: forward returned Inf from finite inputs; got inputs (float64[2])"),
          e.getMessage());
    }
  }

  @Test
  void aNanThatEntersThroughALeafIsNotBlamedOnTheOpsItFlowsThrough() {
    Tensor x = Tensor.of(Double.NaN, 1).requiresGrad();
    Tensor w = Tensor.of(2, 3).requiresGrad();
    try (GradScope scope = Autodiff.detectAnomaly()) {
      Tensor loss = x.mul(w).exp().sum();
      assertTrue(Double.isNaN(loss.item()));
      assertTrue(Double.isNaN(Autodiff.grad(loss, List.of(w)).get(w).value().getFlat(0)));
    }
  }

  @Test
  void sqrtAtZeroIsReportedInBackwardWithTheInputAndTheLineThatCreatedTheNode() {
    Tensor x = Tensor.of(0, 4).requiresGrad();
    try (GradScope scope = Autodiff.detectAnomaly()) {
      int line = nextLine();
      Tensor loss = x.sqrt().sum();
      AnomalyException e = assertThrows(AnomalyException.class, () -> Autodiff.grad(loss, List.of(x)));
      assertTrue(e.getMessage().startsWith("powScalar: backward returned Inf in the gradient of input 0 from a"
          + " finite grad; got grad float64[2] for inputs (float64[2]), created at dev.chainrule.usage.AnomalyModeTest."
          + "sqrtAtZeroIsReportedInBackwardWithTheInputAndTheLineThatCreatedTheNode(AnomalyModeTest.java:" + line
          + ")"), e.getMessage());
    }
  }

  @Test
  void aCustomBackwardReturningNanIsReportedByBackwardEvenOutsideTheScope() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor loss;
    int line;
    try (GradScope scope = Autodiff.detectAnomaly()) {
      line = nextLine();
      loss = Tensor.apply(new BrokenIdentity(), x).mul(x).sum();
    }
    AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
    assertTrue(e.getMessage().startsWith("brokenIdentity: backward returned NaN in the gradient of input 0"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("(AnomalyModeTest.java:" + line + ")"), e.getMessage());
    assertFalse(x.hasGrad(), "a failed backward must leave the leaves' gradients unchanged");
  }

  @Test
  void aRuleGivenANanGradientIsNotBlamedForPassingItOn() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor hidden;
    try (GradScope scope = Autodiff.detectAnomaly()) {
      hidden = x.exp();
    }
    Tensor loss = Tensor.apply(new BrokenIdentity(), hidden).sum();
    loss.backward();
    assertTrue(Double.isNaN(x.grad().value().getFlat(0)), "the unchecked custom rule's NaN should reach x");
  }

  @Test
  void aBackwardInsideTheScopeChecksAGraphBuiltOutsideIt() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor loss = Tensor.apply(new BrokenIdentity(), x).sum();
    try (GradScope scope = Autodiff.detectAnomaly()) {
      AnomalyException e = assertThrows(AnomalyException.class, loss::backward);
      assertTrue(e.getMessage().endsWith("created at a place not recorded (the graph was built outside"
          + " detectAnomaly())"), e.getMessage());
    }
  }

  @Test
  void outsideTheScopeNanFlowsThroughUnchecked() {
    assertFalse(Autodiff.isAnomalyDetectionEnabled());
    Tensor x = Tensor.of(-1, 0).requiresGrad();
    Tensor loss = x.log().add(x.sqrt()).sum();
    assertTrue(Double.isNaN(loss.item()));
    Tensor y = Tensor.apply(new BrokenIdentity(), x).sum();
    y.backward();
    assertTrue(Double.isNaN(x.grad().value().getFlat(0)));
  }

  @Test
  void theScopeIsConfinedToItsThread() throws Exception {
    CountDownLatch opened = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> {
      await(opened);
      try {
        return !Autodiff.isAnomalyDetectionEnabled() && Double.isNaN(Tensor.of(-1).requiresGrad().log().item());
      } finally {
        checked.countDown();
      }
    });
    try (GradScope scope = Autodiff.detectAnomaly()) {
      opened.countDown();
      await(checked);
      assertThrows(AnomalyException.class, () -> Tensor.of(-1).log());
    }
    assertTrue(other.get(10, TimeUnit.SECONDS), "the other thread saw this thread's anomaly mode");
  }

  @Test
  void nestedScopesRestoreTheirPredecessorsState() {
    try (GradScope anomaly = Autodiff.detectAnomaly()) {
      try (GradScope off = Autodiff.noGrad()) {
        assertTrue(Autodiff.isAnomalyDetectionEnabled());
        assertFalse(Autodiff.isGradEnabled());
        try (GradScope again = Autodiff.detectAnomaly()) {
          assertFalse(Autodiff.isGradEnabled(), "detectAnomaly() must not switch recording back on");
        }
        assertFalse(Autodiff.isGradEnabled());
      }
      assertTrue(Autodiff.isAnomalyDetectionEnabled());
      assertTrue(Autodiff.isGradEnabled());
    }
    assertFalse(Autodiff.isAnomalyDetectionEnabled());
    assertTrue(Autodiff.isGradEnabled());
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
