package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
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
   * Whether what an operation computes on this thread now may itself be differentiated: grad mode records
   * the graph, or forward mode tracks tangents (inside {@link #jvp} and its relatives, where a gradient
   * taken without {@link GradOptions#creatingGraph()} still carries tangents). An op's backward may compute
   * its gradients on arrays, as constants, only when this is false.
   *
   * @return true if operations record the graph or carry tangents
   */
  public static boolean isRecording() {
    return GradMode.isEnabled() || ForwardMode.tracking();
  }

  /**
   * {@code f(inputs)} computed without keeping its intermediate values, which backward computes again:
   * activation checkpointing, trading a second forward pass of {@code f} for memory.
   *
   * <p>{@code f} runs once now and once more, with grad on, when a backward pass reaches the result; it
   * must compute the same function both times (replay any randomness; nn's {@code Checkpointing} does
   * that for its layers). Gradients reach {@code inputs} and every leaf that requires grad {@code f}
   * reads through its closure (a module's parameters), and equal those of {@code f(inputs)} bit for bit.
   * Pass a tensor computed outside {@code f} that requires grad as an input: read through the closure,
   * it would be differentiated through the graph that made it. The inputs and captured leaves must share
   * one dtype. The result is once-differentiable: a gradient of a gradient through it throws. Under
   * {@link #noGrad()} this is just {@code f(inputs)}.
   *
   * @param f the function; called with an immutable list of tensors of the inputs' values
   * @param inputs the tensors {@code f} is applied to
   * @return {@code f(inputs)}, whose backward recomputes {@code f}
   */
  public static Tensor checkpoint(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    return Checkpoint.apply(f, inputs);
  }

  /**
   * {@code f(x)} with activation checkpointing: {@link #checkpoint(Function, List)} for one input.
   *
   * @param f the function, computing the same thing each time it is called
   * @param x its input
   * @return {@code f(x)}, whose backward recomputes {@code f}
   */
  public static Tensor checkpoint(UnaryOperator<Tensor> f, Tensor x) {
    checkNotNull(f, "checkpoint: f is null");
    return checkpoint(inputs -> f.apply(inputs.get(0)), Collections.singletonList(x));
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
   * The Hessian of a scalar function at {@code x}, of shape {@code x.shape ++ x.shape}, forward over
   * reverse: one gradient evaluation carrying a tangent per element of {@code x}.
   *
   * @param f a scalar function of one tensor, twice differentiable
   * @param x the point
   * @return the Hessian
   */
  public static NdArray hessian(UnaryOperator<Tensor> f, NdArray x) {
    try (GradScope on = enableGrad()) {
      return jacfwd(t -> gradient("hessian", f, t), Tensor.of(x).requiresGrad());
    }
  }

  /**
   * Forward mode: {@code f(primals)} and the Jacobian-vector product {@code J·tangents}, in one evaluation
   * of {@code f} carrying a tangent beside each value (each op's {@link dev.chainrule.autodiff.op.Op#jvp}
   * rule). Tangents are tensors like any other: with grad recording on they can be differentiated again
   * (reverse over forward), and {@code f} may itself take gradients (forward over reverse, as in
   * {@link #hvp}). Forward mode does not nest within itself.
   *
   * @param f the function, of the primals in order
   * @param primals the point
   * @param tangents one direction per primal, of its shape and dtype
   * @return the value and its tangent
   */
  public static Jvp jvp(Function<List<Tensor>, Tensor> f, List<Tensor> primals, List<Tensor> tangents) {
    checkArgument(primals.size() == tangents.size(), "jvp: one tangent per primal; got %s primals and %s tangents",
        primals.size(), tangents.size());
    try (ForwardMode.Level level = ForwardMode.open("jvp")) {
      for (int i = 0; i < primals.size(); i++) {
        level.seed("jvp", checkNotNull(primals.get(i), "jvp: primal %s is null", i),
            checkNotNull(tangents.get(i), "jvp: tangent %s is null", i));
      }
      Tensor value = checkNotNull(f.apply(primals), "jvp: f returned null");
      return new Jvp(value, level.tangent(value));
    }
  }

  /**
   * {@link #jvp(Function, List, List)} for a function of one tensor.
   *
   * @param f the function
   * @param primal the point
   * @param tangent the direction, of the point's shape and dtype
   * @return the value and its tangent
   */
  public static Jvp jvp(UnaryOperator<Tensor> f, Tensor primal, Tensor tangent) {
    return jvp(xs -> f.apply(xs.get(0)), List.of(primal), List.of(tangent));
  }

  /**
   * {@code f} evaluated once at {@code x}, and its Jacobian there as a linear map: each application of the
   * map differentiates the recorded vector-Jacobian product {@code u ↦ Jᵀ·u} once more (the double-VJP
   * trick), two backward passes and no evaluation of {@code f}. Keeps {@code f}'s graph alive as long as
   * the map is reachable.
   *
   * @param f the function, from a tensor shaped like {@code x} to a tensor of any shape
   * @param x the point
   * @return the value and the map {@code t ↦ J·t}
   */
  public static Linearization linearize(UnaryOperator<Tensor> f, Tensor x) {
    try (GradScope on = enableGrad()) {
      Tensor leaf = x.detach().requiresGrad();
      Tensor y = checkNotNull(f.apply(leaf), "linearize: f returned null");
      Tensor u = Tensor.ones(y.shape(), y.dtype()).requiresGrad(); // any value: Jᵀu is linear in u
      Tensor vjp = y.isGradRequired() ? grad(y, u, List.of(leaf), new GradOptions(true, true)).get(leaf) : null;
      UnaryOperator<Tensor> jvp = t -> {
        checkArgument(t.shape().equals(x.shape()) && t.dtype() == x.dtype(),
            "linearize: a tangent must have x's shape and dtype; got %s %s for %s %s", t.shape(), t.dtype(), x.shape(),
            x.dtype());
        if (vjp == null || !vjp.isGradRequired()) {
          return Tensor.zeros(y.shape(), y.dtype());
        }
        try (GradScope again = enableGrad()) {
          return grad(vjp.mul(t.detach()).sum(), List.of(u), GradOptions.retainingGraph()).get(u);
        }
      };
      return new Linearization(y.detach(), jvp);
    }
  }

  /**
   * The Jacobian of {@code f} at {@code x} by forward mode, one {@link #jvp} per element of {@code x}: the
   * same array as {@link #jacobian}, cheaper when {@code x} has fewer elements than {@code f(x)}.
   *
   * @param f the function, from a tensor shaped like {@code x} to a tensor of any shape
   * @param x the point
   * @return the Jacobian, of shape {@code f(x).shape ++ x.shape}
   */
  public static NdArray jacfwd(UnaryOperator<Tensor> f, NdArray x) {
    return jacfwd(f, Tensor.of(x));
  }

  /** {@link #jacfwd(UnaryOperator, NdArray)} at a given primal tensor (a leaf that may require grad). */
  private static NdArray jacfwd(UnaryOperator<Tensor> f, Tensor primal) {
    NdArray x = primal.value();
    Shape outShape = null;
    double[] columns = null;
    for (int j = 0; j < x.size(); j++) {
      double[] basis = new double[x.size()];
      basis[j] = 1;
      NdArray column = jvp(f, primal, Tensor.of(NdArray.of(x.shape(), basis).to(x.dtype()))).tangent().value();
      if (columns == null) {
        outShape = column.shape();
        columns = new double[column.size() * x.size()];
      }
      for (int i = 0; i < column.size(); i++) {
        columns[i * x.size() + j] = column.getFlat(i);
      }
    }
    if (columns == null) { // x has no elements: evaluate once for the output's shape
      outShape = f.apply(primal).shape();
      columns = new double[0];
    }
    int[] dims = new int[outShape.rank() + x.rank()];
    System.arraycopy(outShape.toArray(), 0, dims, 0, outShape.rank());
    System.arraycopy(x.shape().toArray(), 0, dims, outShape.rank(), x.rank());
    return NdArray.of(Shape.of(dims), columns).to(x.dtype());
  }

  /**
   * The Hessian-vector product {@code H·v} of a scalar function, forward over reverse: the tangent of the
   * gradient in direction {@code v}, one gradient evaluation carrying tangents.
   *
   * @param f a scalar function of one tensor, twice differentiable
   * @param x the point, float32 or float64
   * @param v the direction, of {@code x}'s shape and dtype
   * @return {@code H·v}, of {@code x}'s shape and dtype
   */
  public static Tensor hvpForward(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    try (GradScope on = enableGrad()) {
      return jvp(t -> gradient("hvpForward", f, t), x.detach().requiresGrad(), v.detach()).tangent();
    }
  }

  /**
   * The batching transform: a function that applies {@code f} to every member of a batch at once. Inside
   * {@code f}, each argument with an input axis is a {@linkplain Tensor#isBatched batched} tensor whose
   * shape leaves that axis out, and every op runs its batching rule ({@link dev.chainrule.autodiff.op.Op#vmap})
   * over the whole batch; an argument whose input axis is null is the same for every member. Each output
   * gets the batch along its output axis (an output that does not vary is broadcast; a null output axis
   * requires that). Composes with {@link #grad}, {@link #jvp} and itself: {@code vmap} of a function that
   * calls {@code grad} gives per-example gradients.
   *
   * @param f the function of one batch member, from arguments to outputs
   * @param inAxes for each argument, its batch axis (negative counting from the end), or null if unbatched
   * @param outAxes for each output, where its batch axis goes, or null for an output that does not vary
   * @return the batched function
   */
  public static Function<List<Tensor>, List<Tensor>> vmap(
      Function<List<Tensor>, List<Tensor>> f, List<Integer> inAxes, List<Integer> outAxes) {
    checkNotNull(f, "vmap: f is null");
    List<Integer> in = Collections.unmodifiableList(new ArrayList<>(checkNotNull(inAxes, "vmap: inAxes is null")));
    List<Integer> out = Collections.unmodifiableList(new ArrayList<>(checkNotNull(outAxes, "vmap: outAxes is null")));
    return args -> Vmap.call(f, checkNotNull(args, "vmap: arguments are null"), in, out);
  }

  /**
   * {@link #vmap(Function, List, List)} for a function of one tensor, batched along axis 0 in and out.
   *
   * @param f the function of one batch member
   * @return the batched function
   */
  public static UnaryOperator<Tensor> vmap(UnaryOperator<Tensor> f) {
    return vmap(f, 0, 0);
  }

  /**
   * {@link #vmap(Function, List, List)} for a function of one tensor.
   *
   * @param f the function of one batch member
   * @param inAxis the batch axis of the argument, negative counting from the end
   * @param outAxis where the batch axis goes in the output, negative counting from the end
   * @return the batched function
   */
  public static UnaryOperator<Tensor> vmap(UnaryOperator<Tensor> f, int inAxis, int outAxis) {
    checkNotNull(f, "vmap: f is null");
    return x -> Vmap.call(args -> List.of(f.apply(args.get(0))), Collections.singletonList(x), List.of(inAxis),
        List.of(outAxis)).get(0);
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
