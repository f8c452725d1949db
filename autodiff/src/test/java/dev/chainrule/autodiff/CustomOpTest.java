package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A user's op, written against the public {@link Op} API, is first class: checked, higher order, guarded. */
class CustomOpTest {

  /** Softplus {@code ln(1 + e^x)}, computed stably; its derivative is the logistic function. */
  record Softplus() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x.map(v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.mul(x.sigmoid()); // softplus' = σ
    }
  }

  /** The same op, declared once-differentiable. */
  record OnceSoftplus() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return new Softplus().forward(x);
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.mul(x.sigmoid());
    }

    @Override
    public boolean onceDifferentiable() {
      return true;
    }
  }

  /** Scales its first input by a second input that gets no gradient at all (say, a fixed mask). */
  record MaskedScale() implements Op.Binary {
    @Override
    public NdArray forward(NdArray x, NdArray mask) {
      return x.zip(mask, (v, m) -> v * m);
    }

    @Override
    public Grads backward(Tensor grad, Tensor x, Tensor mask, Tensor out, Needed needed) {
      return Grads.none(2).with(0, grad.mul(mask));
    }
  }

  @Provide
  Arbitrary<NdArray> arrays() {
    return TensorArbitraries.arrays(2, 4, Domain.standard());
  }

  @Property(tries = 50)
  void customOpPassesTheGradientCheckInFirstAndSecondOrder(@ForAll("arrays") NdArray x) {
    GradCheck.check(t -> Tensor.apply(new Softplus(), t), x).assertPassed();
    GradCheck.defaults().runSecondOrder(xs -> Tensor.apply(new Softplus(), xs.get(0)), List.of(x)).assertPassed();
  }

  @Property(tries = 50)
  void customOpAgreesWithTheBuiltInComposite(@ForAll("arrays") NdArray x) {
    NdArray custom = Tensor.apply(new Softplus(), Tensor.of(x)).value();
    assertTrue(custom.allClose(Tensor.of(x).softplus().value(), 1e-15, 1e-14));
  }

  @Example
  void onceDifferentiableOpFailsClearlyOnDoubleBackward() {
    Tensor x = Tensor.scalar(0.3).requiresGrad();
    Tensor first = Autodiff.grad(Tensor.apply(new OnceSoftplus(), x), List.of(x), GradOptions.creatingGraph()).get(x);
    assertEquals(1 / (1 + Math.exp(-0.3)), first.item(), 1e-15);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autodiff.grad(first, List.of(x)));
    assertTrue(e.getMessage().startsWith("onceSoftplus: this op is once-differentiable"), e.getMessage());
  }

  @Example
  void onceDifferentiableOpStillWorksForFirstOrder() {
    Tensor x = Tensor.scalar(0.3).requiresGrad();
    Tensor.apply(new OnceSoftplus(), x).backward();
    assertEquals(1 / (1 + Math.exp(-0.3)), x.grad().item(), 1e-15);
  }

  @Example
  void noGradientIsDistinctFromZeroGradient() {
    Tensor x = Tensor.of(1, 2).requiresGrad();
    Tensor mask = Tensor.of(0, 1).requiresGrad();
    Tensor.apply(new MaskedScale(), x, mask).sum().backward();
    assertEquals(List.of(0.0, 1.0), List.of(x.grad().value().get(0), x.grad().value().get(1)));
    assertFalse(mask.hasGrad(), "an input with no gradient receives nothing, not zeros");
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

  @Example
  void aBackwardReturningNullSaysWhatToReturnInstead() {
    Tensor x = Tensor.scalar(1).requiresGrad();
    String message = assertThrows(RuntimeException.class, () -> Tensor.apply(new NullBackward(), x).backward())
        .getMessage();
    assertEquals("nullBackward: backward returned null; return Grads.none(n) for inputs without a gradient", message);
    assertFalse(x.hasGrad());
  }
}
