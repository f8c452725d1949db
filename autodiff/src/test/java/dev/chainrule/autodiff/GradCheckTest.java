package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The gradient checker catches wrong gradients, in each mode, and reports where. */
class GradCheckTest {

  /** sin with a deliberately wrong derivative (cos + 0.01). */
  record WrongSin() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x.map(Math::sin);
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.mul(x.cos().add(0.01));
    }
  }

  /** x³ with the right first derivative written so its second derivative is wrong (3x² with x detached). */
  record WrongSecondOrderCube() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x.map(v -> v * v * v);
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.mul(x.detach().square().mul(3));
    }
  }

  private static final NdArray X = NdArray.of(new double[][] {{0.1, -0.7}, {1.3, 2.0}});

  @Test
  void fullModePassesACorrectGradient() {
    GradCheck.Result r = GradCheck.check(xs -> xs.get(0).sin().matmul(xs.get(1)), List.of(X, X));
    r.assertPassed();
    assertEquals(2, r.inputs().size());
  }

  @Test
  void fullModeCatchesAWrongGradientAndNamesTheWorstElement() {
    GradCheck.Result r = GradCheck.check(t -> Tensor.apply(new WrongSin(), t), X);
    assertFalse(r.passed());
    GradCheck.InputReport worst = r.inputs().get(0);
    assertEquals(0.01, worst.analytical() - worst.numerical(), 1e-6);
    assertTrue(worst.element().startsWith("out ["), worst.element());
    AssertionError e = assertThrows(AssertionError.class, r::assertPassed);
    assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
  }

  @Test
  void fastModeCatchesTheSameWrongGradient() {
    GradCheck fast = GradCheck.defaults().fast();
    assertTrue(fast.run(xs -> xs.get(0).sin(), List.of(X)).passed());
    assertFalse(fast.run(xs -> Tensor.apply(new WrongSin(), xs.get(0)), List.of(X)).passed());
  }

  @Test
  void secondOrderCheckCatchesABackwardThatIsNotDifferentiable() {
    List<NdArray> inputs = List.of(X);
    assertTrue(GradCheck.defaults().run(xs -> Tensor.apply(new WrongSecondOrderCube(), xs.get(0)), inputs).passed(),
        "the first derivative is right");
    assertFalse(GradCheck.defaults().runSecondOrder(xs -> Tensor.apply(new WrongSecondOrderCube(), xs.get(0)), inputs)
        .passed(), "the second derivative is wrong");
    GradCheck.defaults().runSecondOrder(xs -> xs.get(0).pow(3), inputs).assertPassed();
  }

  @Test
  void tolerancesAreConfigurable() {
    GradCheck loose = GradCheck.defaults().withAtol(0.1).withRtol(0);
    assertTrue(loose.run(xs -> Tensor.apply(new WrongSin(), xs.get(0)), List.of(X)).passed());
    GradCheck tight = GradCheck.defaults().withAtol(1e-9).withRtol(1e-7);
    assertTrue(tight.run(xs -> xs.get(0).exp(), List.of(X)).passed());
  }

  @Test
  void inputsTheOutputIgnoresGetZeroGradientsOnBothSides() {
    GradCheck.check(xs -> xs.get(0).square(), List.of(X, NdArray.of(1, 2))).assertPassed();
  }

  private static String message(Runnable action) {
    return assertThrows(RuntimeException.class, action::run).getMessage();
  }

  @Test
  void aFloat32ResultIsRejected() {
    assertTrue(message(() -> GradCheck.check(t -> t.to(DType.FLOAT32).exp(), NdArray.of(0.3, 0.7)))
        .startsWith("gradcheck: f returned a float32 result"));
  }

  @Test
  void aNullResultAndAnEmptyInputListAreRejected() {
    assertEquals("gradcheck: f returned null", message(() -> GradCheck.check(t -> null, NdArray.of(1))));
    assertEquals("gradcheck: needs at least one input", message(() -> GradCheck.check(xs -> null, List.of())));
  }

  @Test
  void theSeedFixesTheFastModeProjection() {
    Function<List<Tensor>, Tensor> f = xs -> xs.get(0).sin();
    GradCheck seeded = GradCheck.defaults().fast().withSeed(7);
    GradCheck.InputReport first = seeded.run(f, List.of(X)).inputs().get(0);
    GradCheck.InputReport again = seeded.run(f, List.of(X)).inputs().get(0);
    GradCheck.InputReport other = GradCheck.defaults().fast().withSeed(8).run(f, List.of(X)).inputs().get(0);
    assertEquals(first.analytical(), again.analytical(), 0);
    assertNotEquals(first.analytical(), other.analytical(), "another seed projects onto another direction");
    assertTrue(first.passed() && other.passed());
  }
}
