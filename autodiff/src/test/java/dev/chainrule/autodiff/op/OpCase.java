package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/**
 * One row of the op table, in the spirit of PyTorch's OpInfo: a name, how far the op is differentiable,
 * the gradient-check settings, and a generator of calls (inputs, the op with its parameters chosen, and
 * a plain reference for its forward).
 *
 * @param name the name properties refer to with {@link OpName}
 * @param kind which checks apply
 * @param gradCheck settings for the first- and second-order checks
 * @param calls random calls of the op
 */
record OpCase(String name, Kind kind, GradCheck gradCheck, Arbitrary<Call> calls) {

  /** How far an op is differentiable, which decides the checks run on it. */
  enum Kind {
    /** Twice differentiable: forward, gradient and second order are checked. */
    SMOOTH,
    /** Differentiable away from kinks or ties the generator avoids: forward and gradient are checked. */
    PIECEWISE,
    /** Not differentiable (comparisons): forward is checked, and that the result never requires grad. */
    CONSTANT
  }

  /** A row checked with {@link GradCheck#defaults()}. */
  static OpCase of(String name, Kind kind, Arbitrary<Call> calls) {
    return new OpCase(name, kind, GradCheck.defaults(), calls);
  }

  /** Random samples of this row, each knowing the row it came from. */
  Arbitrary<Sample> samples() {
    return calls.map(call -> new Sample(this, call));
  }

  /**
   * One call of an op: float64 inputs, the op applied to them (parameters such as axes already chosen)
   * and a reference computing the expected forward value with plain loops.
   *
   * @param parameters the chosen parameters, for failure reports
   * @param inputs the float64 inputs; the op is differentiated with respect to each of them
   * @param op the op under test
   * @param reference the expected forward value
   */
  record Call(
      String parameters,
      List<NdArray> inputs,
      Function<List<Tensor>, Tensor> op,
      Function<List<NdArray>, NdArray> reference) {
    /** Copies the inputs. */
    Call {
      inputs = List.copyOf(inputs);
    }

    @Override
    public String toString() {
      return (parameters.isEmpty() ? "" : parameters + " ") + "inputs " + inputs;
    }
  }

  /**
   * A call together with the row it was drawn from: what a property receives.
   *
   * @param row the op's row
   * @param call the drawn call
   */
  record Sample(OpCase row, Call call) {
    @Override
    public String toString() {
      return row.name() + ": " + call;
    }
  }
}
