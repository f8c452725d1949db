package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Backward does no work for an input that does not require grad, and skipping it changes no gradient. */
class SkippedGradientsTest {
  /** The catalogue's differentiable ops of two or more inputs. */
  private static final List<String> MULTI_INPUT = List.of(
      "add", "sub", "mul", "div", "powTensor", "maximum", "minimum", "where", "matmulVectors",
      "matmulMatrices", "matmulBatches", "matmulTransposed", "concat", "stack");

  @Provide
  Arbitrary<OpCase.Sample> multiInput() {
    return Arbitraries.of(MULTI_INPUT).flatMap(name -> OpCatalog.row(name).samples());
  }

  @Property(tries = 300)
  void eachInputsGradientIsTheSameWhetherOrNotTheOtherInputsRequireGrad(@ForAll("multiInput") OpCase.Sample sample) {
    List<NdArray> inputs = sample.call().inputs();
    List<Tensor> all = new ArrayList<>();
    for (NdArray x : inputs) {
      all.add(Tensor.of(x).requiresGrad());
    }
    List<Tensor> together = gradients(sample.call(), all, all);
    for (int i = 0; i < inputs.size(); i++) {
      List<Tensor> alone = new ArrayList<>();
      for (int j = 0; j < inputs.size(); j++) {
        alone.add(j == i ? all.get(i) : Tensor.of(inputs.get(j)));
      }
      NdArray expected = together.get(i).value();
      NdArray actual = gradients(sample.call(), alone, List.of(all.get(i))).get(0).value();
      assertEquals(expected.shape(), actual.shape(), "shape of the gradient of input " + i);
      assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), "gradient of input " + i + " alone");
    }
  }

  private static List<Tensor> gradients(OpCase.Call call, List<Tensor> inputs, List<Tensor> targets) {
    Tensor y = call.op().apply(inputs);
    Tensor seed = Tensor.of(NdArray.of(y.shape(), ramp(y.size())));
    return Autodiff.grad(y, seed, targets, GradOptions.defaults()).asList();
  }

  /** A seed that weighs each output element differently, so a misplaced gradient cannot hide. */
  private static double[] ramp(int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = 1 + 0.25 * i;
    }
    return values;
  }

  @Example
  void primitivesComputeNoGradientForAnInputThatDoesNotRequireGrad() {
    Tensor variable = Tensor.of(NdArray.of(new double[][] {{1, 2}, {3, 4}})).requiresGrad();
    Tensor constant = Tensor.of(NdArray.of(new double[][] {{5, 6}, {7, 8}}));
    Tensor grad = Tensor.of(NdArray.of(new double[][] {{1, 1}, {1, 1}}));
    List<Op.Binary> binaries = new ArrayList<>(List.of(new Sub(), new Mul(), new Div(), new Pow()));
    for (boolean ta : List.of(false, true)) {
      for (boolean tb : List.of(false, true)) {
        binaries.add(new MatMul(ta, tb));
      }
    }
    for (Op.Binary op : binaries) {
      Tensor out = Tensor.apply(op, variable, constant);
      Grads first = op.backward(grad, variable, constant, out, Needed.of(true, false));
      Grads second = op.backward(grad, constant, variable, Tensor.apply(op, constant, variable), Needed.of(false, true));
      assertTrue(first.has(0) && !first.has(1), op + " with a constant second input: " + first);
      assertTrue(!second.has(0) && second.has(1), op + " with a constant first input: " + second);
    }
    Tensor mask = Tensor.of(NdArray.of(new double[][] {{1, 0}, {0, 1}}));
    Grads where = new Where().backward(grad, List.of(mask, variable, constant), variable, Needed.of(false, true, false));
    assertTrue(!where.has(0) && where.has(1) && !where.has(2), "where: " + where);
  }

  @Example
  void gradsOfNeededRunsTheRuleOfAnInputOnlyWhenItIsNeeded() {
    Grads grads = Grads.of(Needed.of(true, false), () -> Tensor.scalar(7), () -> {
      throw new AssertionError("the rule of an input that is not needed ran");
    });
    assertEquals(7, grads.get(0).item());
    assertFalse(grads.has(1));
    assertThrows(NullPointerException.class, () -> Grads.of(Needed.of(true, true), () -> null, () -> null));
  }

  /** A product that remembers the mask the engine passed to its backward. */
  private record RecordingProduct(AtomicReference<Needed> seen) implements Op.Binary {
    @Override
    public NdArray forward(NdArray a, NdArray b) {
      return a.zip(b, (x, y) -> x * y);
    }

    @Override
    public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
      seen.set(needed);
      return Grads.of(needed, () -> grad.mul(b), () -> grad.mul(a));
    }
  }

  @Example
  void theEnginePassesWhichInputsLeadToARequestedGradient() {
    AtomicReference<Needed> seen = new AtomicReference<>();
    Tensor w = Tensor.scalar(2).requiresGrad();
    Tensor data = Tensor.scalar(3);
    Tensor.apply(new RecordingProduct(seen), w, data).backward();
    assertEquals(Needed.of(true, false), seen.get());

    Tensor other = Tensor.scalar(5).requiresGrad();
    Tensor y = Tensor.apply(new RecordingProduct(seen), w, other);
    Autodiff.grad(y, List.of(other));
    assertEquals(Needed.of(false, true), seen.get(), "w requires grad but no requested gradient goes through it");
  }
}
