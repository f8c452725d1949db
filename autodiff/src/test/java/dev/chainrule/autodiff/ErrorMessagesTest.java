package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.MatMul;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input fails with a message that names the operation and the shapes or dtypes, and changes nothing. */
class ErrorMessagesTest {
  private static final Tensor MATRIX_2X3 = Tensor.zeros(Shape.of(2, 3), DType.FLOAT64);
  private static final Tensor BATCH_2X2X3 = Tensor.zeros(Shape.of(2, 2, 3), DType.FLOAT64);

  private static String message(Class<? extends Throwable> type, Runnable action) {
    return assertThrows(type, action::run).getMessage();
  }

  @Test
  void matmulNamesBothShapesWhenInnerDimensionsDiffer() {
    String m = message(IllegalArgumentException.class,
        () -> MATRIX_2X3.matmul(Tensor.zeros(Shape.of(4, 5), DType.FLOAT64)));
    assertEquals("matmul: inner dimensions differ; got [2, 3] @ [4, 5]", m);
  }

  @Test
  void reshapeNamesBothElementCounts() {
    String m = message(IllegalArgumentException.class, () -> MATRIX_2X3.reshape(Shape.of(4, 2)));
    assertEquals("reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)", m);
  }

  @Test
  void incompatibleBroadcastNamesTheOpAndBothShapes() {
    String m = message(IllegalArgumentException.class, () -> MATRIX_2X3.add(Tensor.zeros(Shape.of(4), DType.FLOAT64)));
    assertEquals("add: shapes cannot be broadcast together; got [2, 3] and [4]", m);
  }

  @Test
  void mixingDTypesNamesBoth() {
    String m = message(IllegalArgumentException.class, () -> MATRIX_2X3.mul(MATRIX_2X3.to(DType.FLOAT32)));
    assertTrue(m.startsWith("mul: dtypes differ; got float64 and float32"), m);
  }

  @Test
  void axisOutOfRangeNamesTheOpAndShape() {
    String m = message(IllegalArgumentException.class, () -> MATRIX_2X3.sum(2));
    assertEquals("sum: axis 2 is out of range for shape [2, 3]", m);
  }

  @Test
  void backwardOnANonScalarWithoutSeedSaysWhatToDo() {
    Tensor x = MATRIX_2X3.requiresGrad();
    String m = message(IllegalArgumentException.class, () -> x.mul(2).backward());
    assertTrue(m.contains("backward: the output has shape [2, 3]") && m.contains("sum()"), m);
  }

  @Test
  void aSeedOfAnotherShapeIsNeverBroadcast() {
    Tensor x = MATRIX_2X3.requiresGrad();
    Tensor y = x.mul(2);
    String m = message(IllegalArgumentException.class, () -> y.backward(Tensor.ones(Shape.of(3), DType.FLOAT64)));
    assertTrue(m.contains("never broadcast") && m.contains("[3]") && m.contains("[2, 3]"), m);
  }

  @Test
  void gradOfATensorThatDoesNotRequireGradIsRejected() {
    Tensor w = Tensor.scalar(1).requiresGrad();
    Tensor c = Tensor.scalar(2);
    String m = message(IllegalArgumentException.class, () -> Autodiff.grad(w.mul(c), List.of(c)));
    assertEquals("grad: input 0 (shape []) does not require grad; create it with requiresGrad()", m);
  }

  @Test
  void backwardOfAConstantSaysNothingRequiresGrad() {
    String m = message(IllegalArgumentException.class, () -> Tensor.scalar(1).mul(2).backward());
    assertTrue(m.contains("does not require grad"), m);
  }

  @Test
  void readingTheGradOfAConstantIsAStateError() {
    String m = message(IllegalStateException.class, () -> Tensor.scalar(1).grad());
    assertTrue(m.contains("requiresGrad()"), m);
  }

  @Test
  void backwardThroughAFreedGraphSaysHowToRetainIt() {
    Tensor x = Tensor.scalar(3).requiresGrad();
    Tensor y = x.exp().mul(2);
    y.backward();
    GraphFreedException e = assertThrows(GraphFreedException.class, y::backward);
    assertTrue(e.getMessage().contains("retainingGraph()"), e.getMessage());
    assertTrue(e.getMessage().contains("mul"), e.getMessage());
  }

  /** A custom op whose backward returns a gradient of the wrong shape. */
  private record WrongShapeGradient() implements Op.Unary {
    @Override
    public NdArray forward(NdArray x) {
      return x;
    }

    @Override
    public Tensor backward(Tensor grad, Tensor x, Tensor out) {
      return grad.sum();
    }
  }

  @Test
  void aCustomOpReturningAMisshapenGradientIsNamedAndLeavesGradsUntouched() {
    Tensor x = MATRIX_2X3.requiresGrad();
    x.sum().backward();
    NdArray before = x.grad().value();
    Tensor y = Tensor.apply(new WrongShapeGradient(), x).add(x).sum();
    String m = message(IllegalStateException.class, y::backward);
    assertTrue(m.startsWith("wrongShapeGradient: backward returned a float64[] gradient for input 0 of float64[2, 3]"), m);
    assertEquals(before, x.grad().value(), "a failed backward must not change accumulated gradients");
  }

  /** A custom op whose backward returns one gradient for two inputs. */
  private record TooFewGradients() implements Op.Binary {
    @Override
    public NdArray forward(NdArray a, NdArray b) {
      return a.zip(b, Double::sum);
    }

    @Override
    public Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed) {
      return Grads.of(grad);
    }
  }

  @Test
  void aCustomOpReturningTooFewGradientsIsNamed() {
    Tensor a = Tensor.scalar(1).requiresGrad();
    Tensor y = Tensor.apply(new TooFewGradients(), a, Tensor.scalar(2));
    String m = message(IllegalStateException.class, y::backward);
    assertEquals("tooFewGradients: backward returned 1 gradients for 2 inputs", m);
  }

  @Test
  void wrongArityNamesTheOp() {
    String m = message(IllegalArgumentException.class, () -> Tensor.apply(new TooFewGradients(), Tensor.scalar(1)));
    assertEquals("tooFewGradients: expects 2 input(s); got 1", m);
  }

  @Test
  void itemOnAMatrixNamesTheShape() {
    String m = message(IllegalArgumentException.class, MATRIX_2X3::item);
    assertEquals("item: needs exactly one element; got shape [2, 3]", m);
  }

  @Test
  void sliceOutOfBoundsNamesRangeAxisAndShape() {
    String m = message(IllegalArgumentException.class, () -> MATRIX_2X3.slice(1, 1, 5));
    assertEquals("slice: range [1, 5) is out of bounds for axis 1 of shape [2, 3]", m);
  }

  @Test
  void squeezeOfAnAxisLongerThanOneIsRejected() {
    String m = message(IllegalArgumentException.class, () -> MATRIX_2X3.squeeze(0));
    assertEquals("squeeze: axis 0 has extent 2, not 1; shape [2, 3]", m);
  }

  @Test
  void concatOfMismatchedShapesNamesBoth() {
    Tensor other = Tensor.zeros(Shape.of(2, 4), DType.FLOAT64);
    String m = message(IllegalArgumentException.class, () -> Tensor.concat(0, MATRIX_2X3, other));
    assertEquals("concat: shapes must agree except on axis 0; got [2, 3] and [2, 4]", m);
  }

  @Test
  void gradCheckRejectsFloat32Inputs() {
    String m = message(IllegalArgumentException.class,
        () -> GradCheck.check(Tensor::exp, NdArray.of(1, 2).to(DType.FLOAT32)));
    assertTrue(m.startsWith("gradcheck: input 0 is float32"), m);
  }

  @Test
  void aFailedOpLeavesItsInputsUsable() {
    Tensor x = MATRIX_2X3.requiresGrad();
    assertThrows(IllegalArgumentException.class, () -> x.matmul(MATRIX_2X3));
    x.sum().backward();
    assertFalse(x.grad().value().allClose(NdArray.zeros(Shape.of(2, 3), DType.FLOAT64), 0, 0));
  }

  @Test
  void matmulOfBatchesThatCannotBroadcastNamesMatmulAndBothShapes() {
    Tensor b = Tensor.zeros(Shape.of(3, 3, 4), DType.FLOAT64);
    assertEquals("matmul: batch dimensions cannot be broadcast; got [2, 2, 3] @ [3, 3, 4]",
        message(RuntimeException.class, () -> BATCH_2X2X3.matmul(b)));
  }

  @Test
  void softmaxAndLogsumexpNameThemselvesWhenTheAxisIsOutOfRange() {
    assertEquals("softmax: axis 3 is out of range for shape [2, 2, 3]",
        message(RuntimeException.class, () -> BATCH_2X2X3.softmax(3)));
    assertEquals("logsumexp: axis 5 is out of range for shape [2, 2, 3]",
        message(RuntimeException.class, () -> BATCH_2X2X3.logsumexp(Axes.of(5))));
  }

  @Test
  void stackNamesTheAxisAndTheShapeItStacks() {
    assertEquals("stack: axis 4 is out of range for stacking shape [2, 2, 3]",
        message(RuntimeException.class, () -> Tensor.stack(4, BATCH_2X2X3, BATCH_2X2X3)));
  }

  @Test
  void matmulOfMixedDTypesNamesMatmul() {
    Tensor float32 = BATCH_2X2X3.to(DType.FLOAT32);
    assertTrue(message(RuntimeException.class, () -> Tensor.apply(new MatMul(false, false), BATCH_2X2X3, float32))
        .startsWith("matmul: dtypes differ"));
  }

  @Test
  void clampWithANanBoundNamesClamp() {
    assertTrue(message(RuntimeException.class, () -> BATCH_2X2X3.clamp(Double.NaN, 1))
        .startsWith("clamp: need min <= max"));
  }

  @Test
  void gradsGetOutOfRangeNamesTheIndexAndTheSize() {
    assertEquals("Grads.get: input index (5) must be less than size (2)",
        message(RuntimeException.class, () -> Grads.none(2).get(5)));
  }
  @Test
  void maximumAndMinimumNameThemselvesNotTheComparison() {
    Tensor row = Tensor.zeros(Shape.of(4), DType.FLOAT64);
    assertEquals("maximum: shapes cannot be broadcast together; got [2, 3] and [4]",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.maximum(row)));
    assertEquals("minimum: shapes cannot be broadcast together; got [2, 3] and [4]",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.minimum(row)));
    Tensor f32 = MATRIX_2X3.to(DType.FLOAT32);
    assertEquals("maximum: dtypes differ; got float64 and float32 (convert one with to(DType))",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.maximum(f32)));
    assertEquals("minimum: dtypes differ; got float64 and float32 (convert one with to(DType))",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.minimum(f32)));
    assertEquals("maximum: other is null", message(NullPointerException.class, () -> MATRIX_2X3.maximum(null)));
  }

  @Test
  void reshapeWithANegativeDimensionNamesReshapeAndTheShapes() {
    assertEquals("reshape: dimensions must be non-negative (one may be -1); got [-2, 3] for shape [2, 3]",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.reshape(-2, 3)));
    assertEquals("reshape: dimensions must be non-negative (one may be -1); got [-1, -3] for shape [2, 3]",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.reshape(-1, -3)));
  }

  @Test
  void reshapePastTwoToTheThirtyOneNamesReshapeAndTheShapes() {
    assertEquals("reshape: the new shape has more than 2^31 - 1 elements; got [2, 3] to [65536, 65536]",
        message(IllegalArgumentException.class, () -> MATRIX_2X3.reshape(65536, 65536)));
    // 65537² wraps in int to 131073, which an inferred -1 of 1 would have matched
    Tensor x = Tensor.zeros(Shape.of(131073), DType.FLOAT32);
    assertEquals("reshape: cannot reshape [131073] (131073 elements) to [-1, 65537, 65537]",
        message(IllegalArgumentException.class, () -> x.reshape(-1, 65537, 65537)));
  }

  @Test
  void getFlatOutsideTheArrayNamesThePositionAndTheSize() {
    NdArray a = MATRIX_2X3.value();
    assertEquals("getFlat: position -1 is outside [0, 6); got shape [2, 3]",
        message(IndexOutOfBoundsException.class, () -> a.getFlat(-1)));
    assertEquals("getFlat: position 6 is outside [0, 6); got shape [2, 3]",
        message(IndexOutOfBoundsException.class, () -> a.getFlat(6)));
    NdArray view = Tensor.ones(Shape.of(1), DType.FLOAT64).broadcastTo(Shape.of(4)).value();
    assertEquals("getFlat: position 4 is outside [0, 4); got shape [4]",
        message(IndexOutOfBoundsException.class, () -> view.getFlat(4)));
  }

  @Test
  void getOutsideTheArrayNamesTheIndexAndTheShape() {
    NdArray a = MATRIX_2X3.value();
    assertEquals("get: index [-1, 0] is outside shape [2, 3]; got -1 on axis 0",
        message(IllegalArgumentException.class, () -> a.get(-1, 0)));
    assertEquals("get: index [1, 3] is outside shape [2, 3]; got 3 on axis 1",
        message(IllegalArgumentException.class, () -> a.get(1, 3)));
    assertEquals("get: index [1] has rank 1; got shape [2, 3]",
        message(IllegalArgumentException.class, () -> a.get(1)));
    assertEquals("get: index is null", message(NullPointerException.class, () -> a.get((int[]) null)));
  }

  @Test
  void aNullInputOfGradIsNamedWithItsIndex() {
    Tensor w = Tensor.scalar(1).requiresGrad();
    Tensor y = w.mul(2);
    assertEquals("grad: input 1 is null", message(NullPointerException.class, () -> Autodiff.grad(y, Arrays.asList(w, null))));
    assertEquals("grad: inputs is null", message(NullPointerException.class, () -> Autodiff.grad(y, null)));
    assertEquals("grad: output is null", message(NullPointerException.class, () -> Autodiff.grad(null, List.of(w))));
    assertEquals(2, Autodiff.grad(y, List.of(w)).get(w).item(), "the graph is still intact");
  }
}
