package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graphs on different threads are independent, no-grad on one thread does not reach another, and threads
 * sharing one graph get gradients or a clear error.
 */
class ConcurrencyTest {

  @Test
  void twoThreadsBuildAndDifferentiateIndependentGraphsAtOnce() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<double[]> first = pool.submit(() -> differentiate(barrier, 1.5, false));
      Future<double[]> second = pool.submit(() -> differentiate(barrier, -0.5, true));
      double[] r1 = first.get(60, TimeUnit.SECONDS);
      double[] r2 = second.get(60, TimeUnit.SECONDS);
      assertEquals(expectedGradient(1.5), r1[0], 1e-12);
      assertEquals(1, r1[1], "grad mode stayed on in the thread that did not disable it");
      assertEquals(expectedGradient(-0.5), r2[0], 1e-12);
      assertEquals(1, r2[1]);
    } finally {
      pool.shutdownNow();
    }
  }

  /** d/dx of Σ_k sin(x·k/100) for k = 1..200. */
  private static double expectedGradient(double x) {
    double s = 0;
    for (int k = 1; k <= 200; k++) {
      s += Math.cos(x * k / 100.0) * k / 100.0;
    }
    return s;
  }

  private static double[] differentiate(CyclicBarrier barrier, double value, boolean useNoGrad) throws Exception {
    Tensor x = Tensor.scalar(value).requiresGrad();
    Tensor total = Tensor.scalar(0);
    barrier.await();
    for (int k = 1; k <= 200; k++) {
      total = total.add(x.mul(k / 100.0).sin());
      if (useNoGrad && k % 20 == 0) {
        try (GradScope scope = Autodiff.noGrad()) {
          assertFalse(x.mul(2).isGradRequired());
          Thread.yield();
        }
      }
    }
    assertTrue(total.isGradRequired());
    double grad = Autodiff.grad(total, List.of(x)).get(x).item();
    return new double[] {grad, total.isGradRequired() ? 1 : 0};
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

  /** The gradient of {@code sin(shared)} with respect to {@code w}, or the error that says the graph was freed. */
  private static Object outcome(Tensor shared, Tensor w) {
    try {
      return Autodiff.grad(shared.sin(), List.of(w)).get(w).item();
    } catch (GraphFreedException e) {
      return e;
    }
  }
}
