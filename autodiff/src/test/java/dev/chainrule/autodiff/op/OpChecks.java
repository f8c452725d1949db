package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The checks shared by every op property: forward against the row's reference, the gradient against
 * central differences, and second order for smooth ops.
 */
final class OpChecks {
  /** Forward tolerance: the reference sums in another order, nothing more. */
  private static final double FORWARD_TOLERANCE = 1e-12;
  /** float32 agrees with float64 to a few float32 ulps of the inputs' magnitude. */
  private static final double FLOAT32_TOLERANCE = 1e-5;

  private OpChecks() {}

  /** Runs every check that applies to the sample's row. */
  static void verify(OpCase.Sample sample) {
    OpCase row = sample.row();
    OpCase.Call call = sample.call();
    forwardMatchesReference(call);
    if (row.kind() == OpCase.Kind.CONSTANT) {
      resultNeverRequiresGrad(call);
      return;
    }
    row.gradCheck().run(call.op(), call.inputs()).assertPassed();
    if (row.kind() == OpCase.Kind.SMOOTH) {
      // squared, so that the backward rules of linear ops (reshape, sum, add, ...) get differentiated too
      row.gradCheck().runSecondOrder(xs -> call.op().apply(xs).square(), call.inputs()).assertPassed();
    }
  }

  /** The op's forward equals the plain reference elementwise, with the same shape. */
  static void forwardMatchesReference(OpCase.Call call) {
    NdArray actual = call.op().apply(constants(call.inputs())).value();
    NdArray expected = call.reference().apply(call.inputs());
    assertEquals(DType.FLOAT64, actual.dtype(), "dtype");
    assertClose(expected, actual, FORWARD_TOLERANCE, "forward");
  }

  /** With float32 inputs the op gives float32 results and float32 gradients, close to the float64 ones. */
  static void float32AgreesWithFloat64(OpCase.Call call) {
    Outcome wide = evaluate(call.op(), call.inputs());
    List<NdArray> narrow = new ArrayList<>();
    for (NdArray x : call.inputs()) {
      narrow.add(x.to(DType.FLOAT32));
    }
    Outcome single = evaluate(call.op(), narrow);
    assertEquals(DType.FLOAT32, single.value().dtype(), "forward dtype");
    assertClose(wide.value(), single.value(), FLOAT32_TOLERANCE, "float32 forward");
    for (int i = 0; i < narrow.size(); i++) {
      assertEquals(DType.FLOAT32, single.grads().get(i).dtype(), "dtype of the gradient of input " + i);
      assertClose(wide.grads().get(i), single.grads().get(i), FLOAT32_TOLERANCE, "float32 gradient of input " + i);
    }
  }

  private static void resultNeverRequiresGrad(OpCase.Call call) {
    List<Tensor> leaves = new ArrayList<>();
    for (NdArray x : call.inputs()) {
      leaves.add(Tensor.of(x).requiresGrad());
    }
    Tensor result = call.op().apply(leaves);
    assertFalse(result.isGradRequired(), "the result requires grad");
    assertEquals(DType.FLOAT64, result.dtype(), "dtype");
  }

  /** The value of {@code op} at {@code inputs} and its vector-Jacobian product with a seed of ones. */
  private static Outcome evaluate(Function<List<Tensor>, Tensor> op, List<NdArray> inputs) {
    List<Tensor> leaves = new ArrayList<>();
    for (NdArray x : inputs) {
      leaves.add(Tensor.of(x).requiresGrad());
    }
    Tensor y = op.apply(leaves);
    Tensor seed = Tensor.ones(y.shape(), y.dtype());
    List<NdArray> grads = new ArrayList<>();
    for (Tensor g : Autodiff.grad(y, seed, leaves, GradOptions.defaults()).asList()) {
      grads.add(g.value());
    }
    return new Outcome(y.value(), grads);
  }

  private record Outcome(NdArray value, List<NdArray> grads) {}

  private static List<Tensor> constants(List<NdArray> inputs) {
    List<Tensor> out = new ArrayList<>();
    for (NdArray x : inputs) {
      out.add(Tensor.of(x));
    }
    return out;
  }

  /** Equal shapes and {@code |expected - actual| <= tolerance · (1 + |expected|)} at every element. */
  static void assertClose(NdArray expected, NdArray actual, double tolerance, String what) {
    assertEquals(expected.shape(), actual.shape(), what + " shape");
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.getFlat(i);
      assertEquals(e, actual.getFlat(i), tolerance * (1 + Math.abs(e)), what + " at flat position " + i);
    }
  }
}
