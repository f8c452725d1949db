package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Functional differentiation: gradients returned as values, grad-mode scopes, and higher-order helpers
 * (Hessian-vector products, Jacobians, Hessians).
 *
 * <p>{@code Autodiff.grad(loss, List.of(w)).get(w)} is {@code ∂loss/∂w}, without touching {@code w.grad()}.
 */
public final class Autodiff {
  private Autodiff() {}

  /**
   * The gradients of the scalar {@code output} with respect to {@code inputs}; frees the graph.
   *
   * @param output a scalar computed from {@code inputs}
   * @param inputs the tensors to differentiate with respect to
   * @return one gradient per input
   */
  public static Gradients grad(Tensor output, List<Tensor> inputs) {
    return grad(output, inputs, GradOptions.defaults());
  }

  /**
   * The gradients of the scalar {@code output} with respect to {@code inputs}. With
   * {@link GradOptions#creatingGraph()} they are themselves differentiable.
   *
   * @param output a scalar computed from {@code inputs}
   * @param inputs the tensors to differentiate with respect to
   * @param options whether to keep the graph and whether to record the pass for higher-order gradients
   * @return one gradient per input
   */
  public static Gradients grad(Tensor output, List<Tensor> inputs, GradOptions options) {
    return new Gradients(inputs, Backprop.gradients(output, null, inputs, options));
  }

  /**
   * The vector-Jacobian products {@code seed · ∂output/∂input} for each input.
   *
   * @param output the tensor to differentiate
   * @param seed the vector of the product, of {@code output}'s shape and dtype
   * @param inputs the tensors to differentiate with respect to
   * @param options whether to keep the graph and whether to record the pass for higher-order gradients
   * @return one product per input, shaped like it
   */
  public static Gradients grad(Tensor output, Tensor seed, List<Tensor> inputs, GradOptions options) {
    checkNotNull(seed, "grad: seed is null");
    return new Gradients(inputs, Backprop.gradients(output, seed, inputs, options));
  }

  /**
   * Switches graph recording off on this thread until the returned scope is closed:
   * {@code try (var scope = Autodiff.noGrad()) { ... }}. Other threads are not affected.
   *
   * @return the scope; closing it restores the previous state
   */
  public static GradScope noGrad() {
    return GradMode.set(false);
  }

  /**
   * Switches graph recording back on on this thread (inside a no-grad region) until the scope is closed.
   *
   * @return the scope; closing it restores the previous state
   */
  public static GradScope enableGrad() {
    return GradMode.set(true);
  }

  /**
   * Whether operations on this thread currently record the graph.
   *
   * @return true if operations record the graph
   */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  /**
   * Switches anomaly detection on on this thread until the returned scope is closed:
   * {@code try (var scope = Autodiff.detectAnomaly()) { ... }}. Other threads are not affected.
   *
   * <p>Inside the scope every op checks its output, and the first one that turns finite inputs into NaN or
   * an infinity throws an {@link AnomalyException} naming the op, its input shapes and dtypes and the line
   * of the caller's code that applied it. Nodes created inside the scope remember that line, and a
   * backward pass checks the gradients their backward rules return, wherever the pass runs; a pass run
   * inside the scope checks every node. Costs a stack walk per op and a scan of each result; off, one branch.
   *
   * @return the scope; closing it restores the previous state
   */
  public static GradScope detectAnomaly() {
    return GradMode.set(GradMode.isEnabled(), true);
  }

  /**
   * Whether operations on this thread currently detect anomalies.
   *
   * @return true inside {@link #detectAnomaly()}
   */
  public static boolean isAnomalyDetectionEnabled() {
    return GradMode.state().anomaly;
  }

  /**
   * The Hessian-vector product {@code H·v} of a scalar function at {@code x}, by differentiating the
   * gradient (reverse over reverse); costs about two gradient evaluations.
   *
   * @param f a scalar function of one tensor, twice differentiable
   * @param x the point, float32 or float64
   * @param v the vector, of {@code x}'s shape and dtype
   * @return {@code H·v}, of {@code x}'s shape and dtype
   */
  public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    checkArgument(v.shape().equals(x.shape()), "hvp: v must have x's shape; got %s for x %s", v.shape(), x.shape());
    checkArgument(v.dtype() == x.dtype(), "hvp: dtypes differ; got v %s for x %s", v.dtype(), x.dtype());
    try (GradScope on = enableGrad()) {
      Tensor leaf = x.detach().requiresGrad();
      Tensor gv = gradient("hvp", f, leaf).mul(v.detach()).sum();
      return gv.isGradRequired() ? grad(gv, List.of(leaf)).get(leaf) : Tensor.zeros(x.shape(), x.dtype());
    }
  }

  /**
   * The Jacobian of {@code f} at {@code x}: an array of shape {@code f(x).shape ++ x.shape} whose entry
   * {@code [i..., j...]} is {@code ∂f(x)[i...] / ∂x[j...]}. One backward pass per output element.
   *
   * @param f the function, from a tensor shaped like {@code x} to a tensor of any shape
   * @param x the point
   * @return the Jacobian
   */
  public static NdArray jacobian(UnaryOperator<Tensor> f, NdArray x) {
    Tensor leaf = Tensor.of(x).requiresGrad();
    Tensor y;
    double[] rows;
    try (GradScope on = enableGrad()) {
      y = f.apply(leaf);
      rows = Jacobians.of(y, List.of(leaf))[0];
    }
    int[] dims = new int[y.rank() + x.rank()];
    System.arraycopy(y.shape().toArray(), 0, dims, 0, y.rank());
    System.arraycopy(x.shape().toArray(), 0, dims, y.rank(), x.rank());
    return NdArray.of(Shape.of(dims), rows).to(x.dtype());
  }

  /**
   * The Hessian of a scalar function at {@code x}, of shape {@code x.shape ++ x.shape}.
   *
   * @param f a scalar function of one tensor, twice differentiable
   * @param x the point
   * @return the Hessian
   */
  public static NdArray hessian(UnaryOperator<Tensor> f, NdArray x) {
    return jacobian(t -> gradient("hessian", f, t), x);
  }

  /** The differentiable gradient of scalar {@code f} at {@code leaf}; zeros when f ignores its input. */
  private static Tensor gradient(String op, UnaryOperator<Tensor> f, Tensor leaf) {
    Tensor y = f.apply(leaf);
    checkArgument(y.size() == 1, "%s: f must return a scalar; got shape %s", op, y.shape());
    return y.isGradRequired()
        ? grad(y, List.of(leaf), GradOptions.creatingGraph()).get(leaf)
        : Tensor.zeros(leaf.shape(), leaf.dtype());
  }
}
