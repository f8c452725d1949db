package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;

/**
 * A differentiable operation: a shape rule, a forward computation on arrays, and one vector-Jacobian
 * product per input.
 *
 * <p>This is the public custom-op API, and every built-in primitive implements it too (see
 * {@link Primitive}). Apply an op with {@link Tensor#apply(Op, Tensor...)}, which checks that the inputs
 * share one dtype, runs {@link #shape} once, then {@link #forward}, and checks that forward returned the
 * shape the rule promised.
 *
 * <p>Nomenclature, as in PyTorch's {@code derivatives.yaml}: {@code grad} is the gradient of the final
 * output with respect to this op's output ({@code out}); {@link #backward} returns, for each input
 * {@code x}, the vector-Jacobian product {@code grad · ∂out/∂x}, shaped like {@code x}. Write backward
 * with {@link Tensor} operations, not array loops: then gradients of gradients come for free. The engine
 * passes which inputs {@link Needed need} a gradient, and ignores the others; an input that has no
 * gradient at all (an index, a mask) returns {@link Grads#none} for that slot: "none" is not zero, it tells
 * the engine the output does not depend on that input differentiably.
 *
 * <p>The shape rule is where inputs are checked: it throws an {@code IllegalArgumentException} in the form
 * {@code "<op>: <what is wrong>; got <shapes>"}, so forward can trust its inputs.
 */
public interface Op {
  /**
   * The name used in error messages and graph dumps; by default the lower-camel class name.
   *
   * @return the op's name
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "custom" : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  /**
   * The output's shape for inputs of these shapes; throws naming the op when it does not accept them.
   *
   * @param inputs the shapes of the inputs, in order
   * @return the shape of the output
   */
  Shape shape(List<Shape> inputs);

  /**
   * Computes the output value from the input values, which passed {@link #shape}.
   *
   * @param inputs the values of the inputs, in order
   * @return the output value
   */
  NdArray forward(List<NdArray> inputs);

  /**
   * One gradient per input (or {@link Grads#none} for an input without one), shaped like that input. Only
   * the gradients of {@code needed} inputs are used; skip the work for the others.
   *
   * @param grad the gradient of the loss with respect to the output, shaped like {@code out}
   * @param inputs the op's inputs, in order
   * @param out the op's output
   * @param needed which inputs need a gradient
   * @return one gradient (or none) per input
   */
  Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed);

  /**
   * Whether this op's backward can only be run once, not differentiated again (like PyTorch's
   * {@code @once_differentiable}). Then second-order gradients through it fail with a clear error
   * instead of being silently wrong. Default: false.
   *
   * @return true if second-order gradients through this op are not supported
   */
  default boolean onceDifferentiable() {
    return false;
  }

  /**
   * Forward mode's rule: the tangent of the output (a Jacobian-vector product) for the given tangents of
   * the inputs. Write it with {@link Tensor} operations, like backward, so that tangents can be
   * differentiated again (reverse over forward). By default it is derived from {@link #backward} by
   * differentiating the vector-Jacobian product with respect to the output's gradient (the "double-VJP"
   * trick: {@code J·t = ∂/∂u ⟨Jᵀu, t⟩}), which costs a backward and its gradient; override it for speed.
   *
   * @param inputs the op's inputs, in order
   * @param tangents one tangent per input, shaped like it, or null for an input without one (zero)
   * @param out the op's output
   * @return the output's tangent, shaped like {@code out}
   */
  default Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
    return jvpFromBackward(this, inputs, tangents, out);
  }

  /**
   * vmap's batching rule: the output for a whole batch at once, computed with {@link Tensor} operations
   * from the inputs in {@code batch}, where a batched input carries the batch as its first axis. The
   * result has the batch as its first axis followed by the shape the shape rule gives. By default the op
   * runs once per batch member ({@link Batch#loop}), which is correct but slow; override it for speed.
   *
   * @param batch the inputs, which of them are batched, and the batch size
   * @return the output with the batch as its first axis
   */
  default Tensor vmap(Batch batch) {
    return batch.loop(this);
  }

  /** {@link #jvp} by differentiating this op's backward with respect to the output's gradient. */
  private static Tensor jvpFromBackward(Op op, List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
    if (op.onceDifferentiable()) {
      throw new IllegalStateException(op.name() + ": forward mode needs a jvp rule for a once-differentiable op; got none");
    }
    boolean[] needed = new boolean[inputs.size()];
    for (int i = 0; i < needed.length; i++) {
      needed[i] = tangents.get(i) != null;
    }
    try (GradScope on = Autodiff.enableGrad()) {
      Tensor u = Tensor.ones(out.shape(), out.dtype()).requiresGrad(); // any value: Jᵀu is linear in u
      Grads grads = op.backward(u, inputs, out, Needed.of(needed));
      Tensor sum = null;
      for (int i = 0; i < needed.length; i++) {
        if (!needed[i] || !grads.has(i)) {
          continue;
        }
        Tensor term = grads.get(i).mul(tangents.get(i)).sum();
        if (!term.isGradRequired() && !term.isBatched() && term.item() != 0) {
          throw new IllegalStateException(String.format("%s: forward mode needs a jvp rule, or a backward written with "
              + "Tensor operations; got a gradient for input %s that does not depend on the output's gradient", op.name(), i));
        }
        sum = sum == null ? term : sum.add(term);
      }
      return sum == null || !sum.isGradRequired()
          ? Tensor.zeros(out.shape(), out.dtype())
          : Autodiff.grad(sum, List.of(u), GradOptions.creatingGraph()).get(u);
    }
  }

  /** Throws naming {@code op} when it receives the wrong number of inputs. */
  private static void checkArity(Op op, int expected, int actual) {
    if (actual != expected) {
      throw new IllegalArgumentException(String.format("%s: expects %s input(s); got %s", op.name(), expected, actual));
    }
  }

  /**
   * An op of one input: implement forward and backward for it; the shape rule defaults to elementwise
   * (the output has the input's shape). Backward is called only when the input needs a gradient.
   */
  interface Unary extends Op {
    /**
     * The output's shape for an input of shape {@code x}; by default {@code x} itself.
     *
     * @param x the input's shape
     * @return the output's shape
     */
    default Shape shape(Shape x) {
      return x;
    }

    /**
     * Computes the output from the single input.
     *
     * @param x the input value
     * @return the output value
     */
    NdArray forward(NdArray x);

    /**
     * The gradient with respect to {@code x}.
     *
     * @param grad the gradient of the loss with respect to the output, shaped like {@code out}
     * @param x the input
     * @param out the output
     * @return the gradient with respect to {@code x}, shaped like {@code x}
     */
    Tensor backward(Tensor grad, Tensor x, Tensor out);

    @Override
    default Shape shape(List<Shape> inputs) {
      checkArity(this, 1, inputs.size());
      return shape(inputs.get(0));
    }

    @Override
    default NdArray forward(List<NdArray> inputs) {
      return forward(inputs.get(0));
    }

    @Override
    default Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
      return Grads.of(backward(grad, inputs.get(0), out));
    }

    /**
     * The output's tangent for the tangent {@code t} of {@code x}; by default derived from backward
     * ({@link Op#jvp}). For an elementwise op, whose Jacobian is diagonal, it is {@code backward(t, x, out)}.
     *
     * @param t the tangent of {@code x}, shaped like it
     * @param x the input
     * @param out the output
     * @return the output's tangent, shaped like {@code out}
     */
    default Tensor jvp(Tensor t, Tensor x, Tensor out) {
      return jvpFromBackward(this, List.of(x), List.of(t), out);
    }

    @Override
    default Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
      return jvp(tangents.get(0), inputs.get(0), out);
    }
  }

  /**
   * An op of two inputs: implement forward and backward for them; the shape rule defaults to elementwise
   * (equal shapes, and the output has that shape).
   */
  interface Binary extends Op {
    /**
     * The output's shape for inputs of shapes {@code a} and {@code b}; by default they must be equal.
     *
     * @param a the first input's shape
     * @param b the second input's shape
     * @return the output's shape
     */
    default Shape shape(Shape a, Shape b) {
      if (!a.equals(b)) {
        throw new IllegalArgumentException(
            String.format("%s: inputs need equal shapes (Tensor broadcasts them first); got %s and %s", name(), a, b));
      }
      return a;
    }

    /**
     * Computes the output from the two inputs.
     *
     * @param a the first input's value
     * @param b the second input's value
     * @return the output value
     */
    NdArray forward(NdArray a, NdArray b);

    /**
     * The gradients with respect to {@code a} and {@code b}, of those {@code needed}.
     *
     * @param grad the gradient of the loss with respect to the output, shaped like {@code out}
     * @param a the first input
     * @param b the second input
     * @param out the output
     * @param needed which of {@code a} and {@code b} need a gradient
     * @return the gradients of the needed inputs, each shaped like its input
     */
    Grads backward(Tensor grad, Tensor a, Tensor b, Tensor out, Needed needed);

    @Override
    default Shape shape(List<Shape> inputs) {
      checkArity(this, 2, inputs.size());
      return shape(inputs.get(0), inputs.get(1));
    }

    @Override
    default NdArray forward(List<NdArray> inputs) {
      return forward(inputs.get(0), inputs.get(1));
    }

    @Override
    default Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
      return backward(grad, inputs.get(0), inputs.get(1), out, needed);
    }

    /**
     * The output's tangent for the tangents of {@code a} and {@code b}, either of which may be null
     * (zero); by default derived from backward ({@link Op#jvp}).
     *
     * @param ta the tangent of {@code a}, or null
     * @param tb the tangent of {@code b}, or null
     * @param a the first input
     * @param b the second input
     * @param out the output
     * @return the output's tangent, shaped like {@code out}
     */
    default Tensor jvp(Tensor ta, Tensor tb, Tensor a, Tensor b, Tensor out) {
      return jvpFromBackward(this, List.of(a, b), java.util.Arrays.asList(ta, tb), out);
    }

    @Override
    default Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
      return jvp(tangents.get(0), tangents.get(1), inputs.get(0), inputs.get(1), out);
    }
  }

  /**
   * An op whose output carries no gradient at all (comparisons): its results never require grad, and
   * backward is never called.
   */
  interface NonDifferentiable extends Op {
    @Override
    default Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
      return Grads.none(inputs.size());
    }
  }
}
