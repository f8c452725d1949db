package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;

/**
 * A differentiable operation: a forward computation on arrays and one vector-Jacobian product per input.
 *
 * <p>This is the public custom-op API, and every built-in primitive implements it too (see
 * {@link Primitive}). Apply an op with {@link Tensor#apply(Op, Tensor...)}.
 *
 * <p>Nomenclature, as in PyTorch's {@code derivatives.yaml}: {@code grad} is the gradient of the final
 * output with respect to this op's output ({@code out}); {@link #backward} returns, for each input
 * {@code x}, the vector-Jacobian product {@code grad · ∂out/∂x}, shaped like {@code x}. Write backward
 * with {@link Tensor} operations, not array loops: then gradients of gradients come for free. An input
 * that has no gradient at all (an index, a mask) returns {@link Grads#none} for that slot; "none" is not
 * zero: it tells the engine the output does not depend on that input differentiably.
 *
 * <p>Forward validates its inputs' shapes and throws an {@code IllegalArgumentException} in the form
 * {@code "<op>: <what is wrong>; got <shapes>"} before computing anything.
 */
public interface Op {
  /** The name used in error messages and graph dumps; by default the lower-camel class name. */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "custom" : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  /** Computes the output value from the input values. */
  NdArray forward(List<NdArray> inputs);

  /** One gradient per input (or {@link Grads#none} for an input without one), shaped like that input. */
  Grads backward(Tensor grad, List<Tensor> inputs, Tensor out);

  /**
   * Whether this op's backward can only be run once, not differentiated again (like PyTorch's
   * {@code @once_differentiable}). Then second-order gradients through it fail with a clear error
   * instead of being silently wrong. Default: false.
   */
  default boolean onceDifferentiable() {
    return false;
  }

  /** Throws naming this op when it receives the wrong number of inputs. */
  default void checkArity(int expected, int actual) {
    if (actual != expected) {
      throw new IllegalArgumentException(String.format("%s: expects %s input(s); got %s", name(), expected, actual));
    }
  }

  /** An op of one input: implement the two single-input methods. */
  interface Unary extends Op {
    /** Computes the output from the single input. */
    NdArray forward(NdArray x);

    /** The gradient with respect to {@code x}. */
    Tensor backward(Tensor grad, Tensor x, Tensor out);

    @Override
    default NdArray forward(List<NdArray> inputs) {
      checkArity(1, inputs.size());
      return forward(inputs.get(0));
    }

    @Override
    default Grads backward(Tensor grad, List<Tensor> inputs, Tensor out) {
      return Grads.of(backward(grad, inputs.get(0), out));
    }
  }

  /** An op of two inputs: implement the two two-input methods. */
  interface Binary extends Op {
    /** Computes the output from the two inputs. */
    NdArray forward(NdArray a, NdArray b);

    /** The gradients with respect to {@code a} and {@code b}. */
    Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out);

    @Override
    default NdArray forward(List<NdArray> inputs) {
      checkArity(2, inputs.size());
      return forward(inputs.get(0), inputs.get(1));
    }

    @Override
    default Grads backward(Tensor grad, List<Tensor> inputs, Tensor out) {
      return backward(grad, inputs.get(0), inputs.get(1), out);
    }
  }

  /**
   * An op whose output carries no gradient at all (comparisons): its results never require grad, and
   * backward is never called.
   */
  interface NonDifferentiable extends Op {
    @Override
    default Grads backward(Tensor grad, List<Tensor> inputs, Tensor out) {
      return Grads.none(inputs.size());
    }
  }
}
