package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link Autodiff#checkpoint} gives the plain gradients bit for bit, recomputing instead of keeping. */
class CheckpointTest {
  private final Random random = new Random(11);
  private final Tensor x = Tensor.randn(Shape.of(5, 8), DType.FLOAT32, random).requiresGrad();
  private final Tensor w1 = Tensor.randn(Shape.of(8, 16), DType.FLOAT32, random).requiresGrad();
  private final Tensor w2 = Tensor.randn(Shape.of(16, 8), DType.FLOAT32, random).requiresGrad();
  private final Tensor b = Tensor.randn(Shape.of(16), DType.FLOAT32, random).requiresGrad();

  /** Two layers; {@code w2} and {@code b} are read through the closure, {@code w1} is passed. */
  private Tensor block(List<Tensor> in) {
    return in.get(0).matmul(in.get(1)).add(b).tanh().matmul(w2).relu();
  }

  private Tensor loss(Function<List<Tensor>, Tensor> f) {
    return f.apply(List.of(x, w1)).square().mean();
  }

  private static float[] grad(Tensor loss, Tensor t) {
    return Autodiff.grad(loss, List.of(t), GradOptions.retainingGraph()).get(t).value().toFloatArray();
  }

  @Test
  void gradientsOfInputsAndCapturedLeavesEqualThePlainOnesBitForBit() {
    Tensor plain = loss(this::block);
    Tensor checkpointed = loss(in -> Autodiff.checkpoint(this::block, in));
    assertArrayEquals(plain.value().toFloatArray(), checkpointed.value().toFloatArray());
    for (Tensor t : List.of(x, w1, w2, b)) {
      assertArrayEquals(grad(plain, t), grad(checkpointed, t), "gradient of " + t.shape());
    }
  }

  @Test
  void backwardAccumulatesIntoCapturedParameters() {
    loss(this::block).backward();
    float[] expected = w2.grad().value().toFloatArray();
    w2.zeroGrad();
    loss(in -> Autodiff.checkpoint(this::block, in)).backward();
    assertArrayEquals(expected, w2.grad().value().toFloatArray());
  }

  @Test
  void fRunsOnceForwardAndOnceMoreInBackward() {
    AtomicInteger calls = new AtomicInteger();
    Tensor out = loss(in -> Autodiff.checkpoint(xs -> {
      calls.incrementAndGet();
      return block(xs);
    }, in));
    assertEquals(1, calls.get());
    out.backward();
    assertEquals(2, calls.get());
  }

  @Test
  void theResultKeepsOnlyItsInputsAndCapturedLeaves() {
    List<WeakReference<Tensor>> intermediates = new ArrayList<>();
    Tensor out = Autodiff.checkpoint(in -> {
      Tensor hidden = in.get(0).matmul(in.get(1)).add(b);
      intermediates.add(new WeakReference<>(hidden));
      return hidden.tanh().matmul(w2);
    }, List.of(x, w1));
    List<Tensor> kept = out.inputs();
    assertEquals(4, kept.size(), "x, w1, then the captured leaves b and w2");
    assertSame(x, kept.get(0));
    assertSame(w1, kept.get(1));
    assertTrue(kept.stream().allMatch(Tensor::isLeaf), "no intermediate node is reachable from the result");
    for (int attempt = 0; attempt < 20 && intermediates.get(0).get() != null; attempt++) {
      System.gc();
    }
    assertNull(intermediates.get(0).get(), "the hidden layer became garbage after the forward pass");
  }

  @Test
  void aCapturedTensorThatIsNotALeafGetsItsGradientThroughTheGraphThatMadeIt() {
    Tensor scaled = b.mul(3);
    Function<List<Tensor>, Tensor> f = in -> in.get(0).matmul(in.get(1)).add(scaled).sum();
    Tensor plain = f.apply(List.of(x, w1)).add(scaled.sum());
    Tensor checkpointed = Autodiff.checkpoint(f, List.of(x, w1)).add(scaled.sum());
    assertArrayEquals(grad(plain, b), grad(checkpointed, b));
    assertArrayEquals(grad(plain, w1), grad(checkpointed, w1));
  }

  @Test
  void nestedCheckpointsGiveThePlainGradients() {
    UnaryOperator<Tensor> inner = t -> t.tanh().exp();
    Tensor plain = loss(in -> {
      Tensor h = block(in);
      return h.add(inner.apply(h));
    });
    Tensor nested = loss(in -> Autodiff.checkpoint(xs -> {
      Tensor h = block(xs);
      return h.add(Autodiff.checkpoint(inner, h));
    }, in));
    for (Tensor t : List.of(x, w1, w2, b)) {
      assertArrayEquals(grad(plain, t), grad(nested, t), "gradient of " + t.shape());
    }
  }

  @Test
  void underNoGradItIsAPlainCallWithoutRecompute() {
    AtomicInteger calls = new AtomicInteger();
    Tensor out;
    try (GradScope off = Autodiff.noGrad()) {
      out = Autodiff.checkpoint(t -> {
        calls.incrementAndGet();
        return t.exp();
      }, x);
    }
    assertFalse(out.isGradRequired());
    assertEquals(1, calls.get());
  }

  @Test
  void aFunctionOfConstantsGivesAConstant() {
    Tensor out = Autodiff.checkpoint(t -> t.exp(), x.detach());
    assertFalse(out.isGradRequired());
  }

  @Test
  void secondOrderThroughACheckpointFailsNamingIt() {
    Tensor y = Autodiff.checkpoint(t -> t.square(), x).sum();
    Tensor g = Autodiff.grad(y, List.of(x), GradOptions.creatingGraph()).get(x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.sum().backward());
    assertTrue(e.getMessage().startsWith("checkpoint"), e.getMessage());
  }

  @Test
  void nullArgumentsAreRejectedNamingTheOp() {
    List<Tensor> withNull = Arrays.asList(x, null);
    NullPointerException noF = assertThrows(NullPointerException.class,
        () -> Autodiff.checkpoint((Function<List<Tensor>, Tensor>) null, List.of(x)));
    NullPointerException noInputs = assertThrows(NullPointerException.class,
        () -> Autodiff.checkpoint(in -> in.get(0), (List<Tensor>) null));
    NullPointerException nullInput = assertThrows(NullPointerException.class,
        () -> Autodiff.checkpoint(in -> in.get(0), withNull));
    NullPointerException nullResult = assertThrows(NullPointerException.class,
        () -> Autodiff.checkpoint(t -> null, x));
    assertEquals("checkpoint: f is null", noF.getMessage());
    assertEquals("checkpoint: inputs is null", noInputs.getMessage());
    assertEquals("checkpoint: input 1 is null", nullInput.getMessage());
    assertEquals("checkpoint: f returned null", nullResult.getMessage());
  }

  @Test
  void aFunctionThatChangesItsShapeOnRecomputeIsReported() {
    AtomicInteger calls = new AtomicInteger();
    Tensor y = Autodiff.checkpoint(t -> calls.incrementAndGet() == 1 ? t.sum() : t.sum(0), x);
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertEquals(
        "checkpoint: f recomputed a different shape or dtype; got float32[8], first float32[]", e.getMessage());
  }
}
