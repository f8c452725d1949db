package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * The standardization's first-order backward takes a fused kernel only when nothing is batched: a gradient
 * batched by vmap reaching an unbatched input (per-member weights after a layer norm) goes through the
 * composed rule, and agrees with a loop over the members.
 */
class StandardizeBackwardTest {
  @Example
  void aBatchedGradientIntoAnUnbatchedInputMatchesALoopOverMembers() {
    Random random = new Random(3);
    Tensor x = Tensor.of(NdArray.randn(Shape.of(4, 6), DType.FLOAT64, random)).requiresGrad();
    NdArray weights = NdArray.randn(Shape.of(5, 6), DType.FLOAT64, random);
    Axes last = Axes.of(-1);
    Tensor batched = Autodiff.vmap(w -> Autodiff.grad(x.standardize(last, 1e-5).mul(w).sum(), List.of(x)).get(x))
        .apply(Tensor.of(weights));
    List<Tensor> members = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      Tensor w = Tensor.of(weights).slice(0, b, b + 1).reshape(6);
      members.add(Autodiff.grad(x.standardize(last, 1e-5).mul(w).sum(), List.of(x)).get(x).reshape(1, 4, 6));
    }
    NdArray expected = Tensor.concat(0, members.toArray(new Tensor[0])).value();
    assertTrue(expected.allClose(batched.value(), 1e-12, 1e-12), () -> expected + " vs " + batched.value());
  }
}
