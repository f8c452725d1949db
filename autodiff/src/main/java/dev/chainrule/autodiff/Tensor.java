package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Cast;
import dev.chainrule.autodiff.op.Op;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * A node of the computation graph: an immutable array value plus, when it requires grad, the op and
 * inputs that produced it.
 *
 * <p>Operations build the graph as they run ({@code x.mul(w).add(b).tanh()}); {@link #backward()} applies
 * the chain rule in reverse. Rank-0 tensors are the scalars. Binary operations broadcast by NumPy rules.
 * The operations are grouped by kind in {@link ElementwiseOps}, {@link ComparisonOps}, {@link ReductionOps},
 * {@link ShapeOps}, {@link MatrixOps} and {@link BackwardOps}; every op, like a user's custom op, goes
 * through {@link #apply(Op, Tensor...)}.
 *
 * <p>Two things change after creation, both documented: a leaf's accumulated {@link #grad()} (written by
 * {@link #backward()}, cleared by {@link #zeroGrad()}; not thread-safe, use {@link Autodiff#grad} to share
 * leaves between threads), and the link from a node to its inputs, which a backward pass frees unless
 * asked to retain the graph. A tensor also holds its gradient hooks ({@link #registerHook}) and whether it
 * keeps its gradient ({@link #retainGrad()}); register them before a backward pass that should see them
 * (a pass on another thread then does).
 */
public final class Tensor implements ElementwiseOps, ComparisonOps, ReductionOps, ShapeOps, MatrixOps, BackwardOps {
  private final NdArray value;
  private final boolean requiresGrad;
  private final Op op;
  /** A random hash fixed at creation for graph nodes, so a backward pass never asks the VM for one. */
  private final int nodeHash;
  /** Where this node was created, for nodes created in anomaly mode; else null (the field fills padding). */
  private final Anomaly.Site site;
  /** Inside {@link Autodiff#vmap}, the physical side of a batched tensor (then {@code value} is null); else null. */
  private final Vmap.Batched batched;
  private Tensor[] inputs;
  private Tensor grad;
  /** Created by the first {@link #registerHook}; null while there is none. */
  private volatile HookList<UnaryOperator<Tensor>> hooks;
  private volatile boolean retainsGrad;

  /** A tensor as {@link Application} and {@link Vmap} make them; {@code value} is null when {@code batched} is not. */
  Tensor(NdArray value, boolean requiresGrad, Op op, Tensor[] inputs, Anomaly.Site site, Vmap.Batched batched) {
    this.value = value;
    this.batched = batched;
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.inputs = inputs;
    this.site = site;
    this.nodeHash = requiresGrad ? ThreadLocalRandom.current().nextInt() : 0;
  }

  /**
   * A constant tensor over {@code value} (no grad until {@link #requiresGrad()}).
   *
   * @param value the value, not copied (an {@code NdArray} is immutable)
   * @return a constant leaf
   */
  public static Tensor of(NdArray value) {
    return new Tensor(checkNotNull(value, "of: value is null"), false, null, null, null, null);
  }

  /**
   * A float64 vector.
   *
   * @param values the elements; copied
   * @return a constant leaf of shape {@code [values.length]}
   */
  public static Tensor of(double... values) {
    return of(NdArray.of(values));
  }

  /**
   * A float64 matrix.
   *
   * @param rows the rows, all of one length; copied
   * @return a constant leaf of shape {@code [rows.length, rows[0].length]}
   */
  public static Tensor of(double[][] rows) {
    return of(NdArray.of(rows));
  }

  /**
   * A rank-0 float64 tensor: {@code Tensor.scalar(2.5).item()} → 2.5.
   *
   * @param value the element
   * @return a constant leaf
   */
  public static Tensor scalar(double value) {
    return of(NdArray.scalar(value));
  }

  /**
   * A rank-0 tensor of the given dtype.
   *
   * @param value the element, rounded to float32 for that dtype
   * @param dtype float32 or float64
   * @return a constant leaf
   */
  public static Tensor scalar(double value, DType dtype) {
    return of(NdArray.scalar(value, dtype));
  }

  /**
   * Zeros of the given shape and dtype.
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @return a constant leaf
   */
  public static Tensor zeros(Shape shape, DType dtype) {
    return of(NdArray.zeros(shape, dtype));
  }

  /**
   * Ones of the given shape and dtype.
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @return a constant leaf
   */
  public static Tensor ones(Shape shape, DType dtype) {
    checkNotNull(dtype, "ones: dtype is null");
    return of(NdArray.full(shape, dtype, 1));
  }

  /**
   * Standard normal samples from {@code random} (seeded by the caller; there is no global generator).
   *
   * @param shape the shape
   * @param dtype float32 or float64
   * @param random the source of the samples
   * @return a constant leaf of samples with mean 0 and standard deviation 1
   */
  public static Tensor randn(Shape shape, DType dtype, Random random) {
    return of(NdArray.randn(shape, dtype, random));
  }

  /**
   * Applies {@code op} to {@code inputs}: checks they share one dtype, runs the op's shape rule, then its
   * forward, and, when grad mode is on and an input requires grad, records the node for backward. Built-in
   * ops and custom ops both enter the graph here, and here {@link Autodiff#detectAnomaly()} checks them.
   *
   * @param op the operation
   * @param inputs its inputs, all of one dtype, as many as the op takes
   * @return the op's output
   */
  public static Tensor apply(Op op, Tensor... inputs) {
    return Application.apply(op, inputs);
  }

  /**
   * Elementwise choice: {@code a} where {@code condition} is non-zero, else {@code b}; all three broadcast.
   *
   * @param condition the mask: non-zero selects {@code a}
   * @param a the values where {@code condition} is non-zero
   * @param b the values elsewhere, of {@code a}'s dtype
   * @return a new tensor of the three inputs' broadcast shape
   */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return MultiInputOps.where(condition, a, b);
  }

  /**
   * Joins tensors along an existing axis.
   *
   * @param axis the axis to join along, negative counting from the end
   * @param parts the tensors, one or more, of one dtype and equal extents on every other axis
   * @return a tensor whose extent along {@code axis} is the sum of the parts'
   */
  public static Tensor concat(int axis, Tensor... parts) {
    return MultiInputOps.concat(axis, parts);
  }

  /**
   * Joins equal-shaped tensors along a new axis.
   *
   * @param axis where the new axis goes in the result, in {@code [-rank - 1, rank]} for the parts' rank
   * @param parts the tensors, one or more, of one shape and dtype
   * @return a tensor of rank one more, with extent {@code parts.length} along {@code axis}
   */
  public static Tensor stack(int axis, Tensor... parts) {
    return MultiInputOps.stack(axis, parts);
  }

  /**
   * The array value.
   *
   * @return the value
   */
  public NdArray value() {
    if (batched != null) {
      throw new IllegalStateException("value: a tensor batched by vmap has one value per batch member, not one; got "
          + "shape " + batched.shape() + " batched over " + batched.level().size + " (return it from the function instead)");
    }
    return value;
  }

  /**
   * Whether this tensor is batched by an enclosing {@link Autodiff#vmap}: then its shape leaves out the
   * batch axis and it has no single {@link #value()}.
   *
   * @return true inside a vmap for a tensor that varies over the batch
   */
  public boolean isBatched() {
    return batched != null;
  }

  /** The physical side of a batched tensor, or null. */
  Vmap.Batched batched() {
    return batched;
  }

  /**
   * The dimensions.
   *
   * @return the shape
   */
  public Shape shape() {
    return batched == null ? value.shape() : batched.shape();
  }

  /**
   * float32 or float64.
   *
   * @return the element type
   */
  public DType dtype() {
    return batched == null ? value.dtype() : batched.physical().dtype();
  }

  /**
   * A leaf that requires grad, over the same value: the starting point of differentiation. A tensor
   * that already requires grad is returned as it is.
   *
   * @return a leaf that requires grad
   */
  public Tensor requiresGrad() {
    return requiresGrad ? this : new Tensor(value, true, null, null, null, batched);
  }

  /**
   * Whether gradients flow to this tensor.
   *
   * @return true if this tensor requires grad
   */
  public boolean isGradRequired() {
    return requiresGrad;
  }

  /**
   * True for tensors not produced by a recorded op: constants and requires-grad leaves.
   *
   * @return true if no op recorded this tensor
   */
  public boolean isLeaf() {
    return op == null;
  }

  /**
   * The same value cut from the graph: a constant that never requires grad.
   *
   * @return a constant over this tensor's value
   */
  public Tensor detach() {
    if (batched != null) {
      return batched.withPhysical(batched.physical().detach()).view();
    }
    return new Tensor(value, false, null, null, null, null);
  }

  /**
   * The op that produced this tensor, empty for a leaf.
   *
   * @return the producing op, or empty
   */
  public Optional<Op> op() {
    return Optional.ofNullable(op);
  }

  /**
   * The tensors this one was computed from; empty for a leaf or once the graph was freed.
   *
   * @return the inputs of the producing op, in order
   */
  public List<Tensor> inputs() {
    return inputs == null ? List.of() : List.of(inputs);
  }

  /**
   * The gradient accumulated into this leaf (or into this intermediate tensor, after {@link #retainGrad()})
   * by {@link #backward()} calls since the last {@link #zeroGrad()}.
   *
   * @return the gradient, shaped like this tensor
   */
  public Tensor grad() {
    checkState(requiresGrad, "grad: this tensor does not require grad; create it with requiresGrad()");
    checkState(isLeaf() || retainsGrad, "grad: gradients accumulate only in leaves; call retainGrad() before"
        + " backward(), or use Autodiff.grad(output, List.of(t)), for an intermediate tensor");
    checkState(grad != null, "grad: no gradient has been accumulated yet; call backward() on an output first");
    return grad;
  }

  /**
   * Whether a gradient has been accumulated since the last {@link #zeroGrad()}.
   *
   * @return true if {@link #grad()} has a value
   */
  public boolean hasGrad() {
    return grad != null;
  }

  /**
   * Makes {@link #backward()} accumulate this intermediate tensor's gradient as it does a leaf's, for
   * {@link #grad()} to return (PyTorch's {@code retain_grad}). Harmless on a leaf and when called again.
   */
  public void retainGrad() {
    checkState(requiresGrad, "retainGrad: this tensor does not require grad; create it with requiresGrad()");
    retainsGrad = true;
  }

  /** Clears the accumulated gradient. */
  public void zeroGrad() {
    grad = null;
  }

  void accumulateGrad(Tensor g) {
    grad = grad == null ? g : grad.add(g);
  }

  /** This tensor's hooks, created on first use. */
  synchronized HookList<UnaryOperator<Tensor>> hookList() {
    if (hooks == null) {
      hooks = new HookList<>();
    }
    return hooks;
  }

  /** The gradient hooks registered now, in order; empty for most tensors. */
  List<UnaryOperator<Tensor>> gradHooks() {
    HookList<UnaryOperator<Tensor>> list = hooks;
    return list == null ? List.of() : list.snapshot();
  }

  /** Whether {@link #backward()} keeps this tensor's gradient: a leaf's, or a retained intermediate's. */
  boolean keepsGrad() {
    return op == null || retainsGrad;
  }

  /** The hash {@link NodeIds} files this tensor under: random for a tensor that requires grad, else 0. */
  int nodeHash() {
    return nodeHash;
  }

  Anomaly.Site site() {
    return site;
  }

  Op graphOp() {
    return op;
  }

  Tensor[] graphInputs() {
    return inputs;
  }

  boolean isFreed() {
    return op != null && inputs == null;
  }

  String opName() {
    return op == null ? "leaf" : op.name();
  }

  void freeGraph() {
    if (op != null) {
      inputs = null;
    }
  }

  /** Returns e.g. {@code Tensor(float64[2] [1.0, 2.0], op=mul)}. */
  @Override
  public String toString() {
    Object shown = batched == null ? value : "batched over " + batched.level().size + ", " + dtype() + shape();
    return "Tensor(" + shown + (op != null ? ", op=" + op.name() : requiresGrad ? ", requiresGrad" : "") + ")";
  }
}
