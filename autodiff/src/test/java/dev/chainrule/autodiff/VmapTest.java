package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** vmap's behaviour beyond single ops: composition with reverse and forward mode, models, errors, threads. */
class VmapTest {
  private final Random random = new Random(7);

  private Tensor randn(int... dims) {
    return Tensor.randn(Shape.of(dims), DType.FLOAT64, random);
  }

  @Test
  void insideVmapATensorHidesTheBatchAxis() {
    List<String> seen = new ArrayList<>();
    Tensor out = Autodiff.vmap(x -> {
      seen.add(x.shape() + " " + x.isBatched() + " " + x.rank());
      return x.sum();
    }, 1, 0).apply(randn(4, 5, 6));
    assertEquals(List.of("[4, 6] true 2"), seen);
    assertEquals(Shape.of(5), out.shape());
    assertFalse(out.isBatched());
  }

  @Test
  void perExampleGradientsOfAnMlpEqualTheLoop() {
    Tensor w1 = randn(3, 5).requiresGrad();
    Tensor b1 = randn(5).requiresGrad();
    Tensor w2 = randn(5, 2).requiresGrad();
    List<Tensor> parameters = List.of(w1, b1, w2);
    Function<List<Tensor>, List<Tensor>> gradients = xy -> {
      Tensor hidden = xy.get(0).matmul(w1).add(b1).tanh();
      Tensor loss = hidden.matmul(w2).sub(xy.get(1)).square().mean();
      return Autodiff.grad(loss, parameters).asList();
    };
    Tensor x = randn(8, 3);
    Tensor y = randn(8, 2);
    List<Tensor> perExample =
        Autodiff.vmap(gradients, List.of(0, 0), List.of(0, 0, 0)).apply(List.of(x, y));
    for (int b = 0; b < 8; b++) {
      List<Tensor> one = gradients.apply(List.of(x.slice(0, b, b + 1).squeeze(0), y.slice(0, b, b + 1).squeeze(0)));
      for (int p = 0; p < parameters.size(); p++) {
        assertClose(one.get(p).value(), perExample.get(p).slice(0, b, b + 1).squeeze(0).value(), 1e-12);
      }
    }
  }

  @Test
  void gradientsFlowThroughVmap() {
    // d/dX Σ_b sin(x_b)·x_b summed: each member's own derivative, sin(x) + x·cos(x)
    Tensor xs = randn(4, 3).requiresGrad();
    Tensor ys = Autodiff.vmap(x -> x.sin().mul(x).sum()).apply(xs);
    assertEquals(Shape.of(4), ys.shape());
    Tensor grad = Autodiff.grad(ys.sum(), List.of(xs), GradOptions.creatingGraph()).get(xs);
    assertClose(xs.sin().add(xs.mul(xs.cos())).value(), grad.value(), 1e-14);
    // and second order through it: d/dX of Σ grad is 2cos(x) − x·sin(x)
    Tensor second = Autodiff.grad(grad.sum(), List.of(xs)).get(xs);
    assertClose(xs.cos().mul(2).sub(xs.mul(xs.sin())).value(), second.value(), 1e-14);
  }

  @Test
  void vmapOfAHessianVectorProductEqualsTheLoop() {
    UnaryOperator<Tensor> f = x -> x.exp().mul(x.sin()).sum();
    Tensor xs = randn(3, 4);
    Tensor vs = randn(3, 4);
    List<Tensor> hvps = Autodiff.vmap(args -> List.of(Autodiff.hvp(f, args.get(0), args.get(1))), List.of(0, 0),
        List.of(0)).apply(List.of(xs, vs));
    for (int b = 0; b < 3; b++) {
      Tensor one = Autodiff.hvp(f, xs.slice(0, b, b + 1).squeeze(0), vs.slice(0, b, b + 1).squeeze(0));
      assertClose(one.value(), hvps.get(0).slice(0, b, b + 1).squeeze(0).value(), 1e-12);
    }
  }

  @Test
  void forwardModeThroughVmapEqualsVmapOfForwardMode() {
    UnaryOperator<Tensor> f = x -> x.tanh().matmul(x.transpose()).sum(-1);
    Tensor xs = randn(5, 2, 3);
    Tensor ts = randn(5, 2, 3);
    Tensor outer = Autodiff.jvp(Autodiff.vmap(f), xs, ts).tangent();
    Tensor inner = Autodiff.vmap(args -> List.of(Autodiff.jvp(f, args.get(0), args.get(1)).tangent()),
        List.of(0, 0), List.of(0)).apply(List.of(xs, ts)).get(0);
    assertEquals(Shape.of(5, 2), outer.shape());
    assertClose(inner.value(), outer.value(), 1e-13);
  }

  @Test
  void anUnbatchedOutputIsBroadcastAndMayHaveNoAxis() {
    Tensor c = randn(2);
    List<Tensor> outs = Autodiff.vmap(args -> List.of(c, c, args.get(0).add(c)), List.of(0), Arrays.asList(1, null, 0))
        .apply(List.of(randn(3, 2)));
    assertEquals(Shape.of(2, 3), outs.get(0).shape());
    assertClose(c.unsqueeze(1).broadcastTo(Shape.of(2, 3)).value(), outs.get(0).value(), 0);
    assertTrue(outs.get(1) == c, "an output without an axis is returned as it is");
    assertEquals(Shape.of(3, 2), outs.get(2).shape());
    IllegalArgumentException varying = assertThrows(IllegalArgumentException.class,
        () -> Autodiff.vmap(args -> List.of(args.get(0)), List.of(0), Collections.singletonList(null))
            .apply(List.of(randn(3, 2))));
    assertTrue(varying.getMessage().startsWith("vmap: an output with no output axis varies over the batch"),
        varying.getMessage());
  }

  @Test
  void badAxesAndSizesAreRefusedNamingVmap() {
    Tensor a = randn(3, 2);
    Tensor b = randn(4, 2);
    Function<List<Tensor>, List<Tensor>> add = args -> List.of(args.get(0).add(args.get(1)));
    assertMessage("vmap: batched arguments disagree on the batch size; got 4 along axis 0 of argument 1 [4, 2], and 3",
        () -> Autodiff.vmap(add, List.of(0, 0), List.of(0)).apply(List.of(a, b)));
    assertMessage("vmap: no argument is batched; got input axes [null, null]",
        () -> Autodiff.vmap(add, Arrays.asList(null, null), List.of(0)).apply(List.of(a, b)));
    assertMessage("vmap: expected one input axis per argument; got 1 axes for 2 arguments",
        () -> Autodiff.vmap(add, List.of(0), List.of(0)).apply(List.of(a, a)));
    assertMessage("vmap: output axis 3 is out of range for an output of rank 1; got shape [2]",
        () -> Autodiff.vmap(x -> x, 0, 3).apply(a));
    assertMessage("vmap: axis 2 is out of range", () -> Autodiff.vmap(x -> x, 2, 0).apply(a));
  }

  @Test
  void aBatchedTensorHasNoSingleValueAndCannotEscape() {
    IllegalStateException value = assertThrows(IllegalStateException.class,
        () -> Autodiff.vmap(x -> Tensor.scalar(x.sum().item())).apply(randn(3, 2)));
    assertTrue(value.getMessage().startsWith("value: a tensor batched by vmap has one value per batch member"),
        value.getMessage());
    List<Tensor> escaped = new ArrayList<>();
    Autodiff.vmap(x -> {
      escaped.add(x);
      return x;
    }).apply(randn(3, 2));
    IllegalStateException after = assertThrows(IllegalStateException.class, () -> escaped.get(0).exp());
    assertEquals("exp: a batched tensor was used after its vmap returned; got one of shape [2] from a vmap over 3",
        after.getMessage());
  }

  @Test
  void aCustomOpWithoutARuleRunsOncePerMemberAndSaysSoOnce() {
    AtomicInteger forwards = new AtomicInteger();
    Op cube = new Op.Unary() {
      @Override
      public String name() {
        return "cubeForVmapTest";
      }

      @Override
      public NdArray forward(NdArray x) {
        forwards.incrementAndGet();
        return x.map(v -> v * v * v);
      }

      @Override
      public Tensor backward(Tensor grad, Tensor x, Tensor out) {
        return grad.mul(x.square()).mul(3);
      }
    };
    Tensor xs = randn(4, 3);
    UnaryOperator<Tensor> mapped = Autodiff.vmap(x -> Tensor.apply(cube, x));
    Tensor first = mapped.apply(xs);
    mapped.apply(xs);
    assertClose(xs.mul(xs).mul(xs).value(), first.value(), 1e-15);
    assertEquals(8, forwards.get(), "one forward per member, twice");
    // the warning is logged when the name first enters this thread's set of ops that fell back
    assertTrue(GradMode.state().vmapFallbacks.contains("cubeForVmapTest"));
    // and its gradient per member, through the loop: 3x²
    Tensor grads = Autodiff.vmap(x -> {
      Tensor leaf = x.requiresGrad();
      return Autodiff.grad(Tensor.apply(cube, leaf).sum(), List.of(leaf)).get(leaf);
    }).apply(xs);
    assertClose(xs.square().mul(3).value(), grads.value(), 1e-15);
  }

  @Test
  void vmapsOnTwoThreadsNeverMeet() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Tensor xs = randn(3, 4);
      Future<Tensor> waiting = pool.submit(() -> Autodiff.vmap(x -> {
        inside.countDown();
        await(done);
        return x.exp().sum();
      }).apply(xs));
      Future<Tensor> other = pool.submit(() -> {
        await(inside);
        try {
          Tensor plain = xs.exp().sum(); // this thread has no vmap open: nothing here is batched
          Tensor nested = Autodiff.vmap(Autodiff.vmap(x -> x.square())).apply(xs);
          assertEquals(Shape.of(3, 4), nested.shape());
          return plain;
        } finally {
          done.countDown();
        }
      });
      assertEquals(Shape.SCALAR, other.get(10, TimeUnit.SECONDS).shape());
      assertClose(xs.exp().sum(1).value(), waiting.get(10, TimeUnit.SECONDS).value(), 1e-15);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertMessage(String start, Runnable call) {
    RuntimeException e = assertThrows(RuntimeException.class, call::run);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }

  private static void assertClose(NdArray expected, NdArray actual, double tolerance) {
    assertEquals(expected.shape(), actual.shape());
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], tolerance * (1 + Math.abs(e[i])), "element " + i);
    }
    assertArrayEquals(new int[] {expected.size()}, new int[] {actual.size()});
  }
}
