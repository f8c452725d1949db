package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The op of {@link Autodiff#checkpoint}: its inputs are the {@code arity} inputs of {@code f} followed by
 * the leaves {@code f} reached through its closure (parameters); {@code value} is {@code f}'s output, whose
 * graph is not kept. Backward runs {@code f} again with grad on, from detached copies of its inputs, and
 * backpropagates through that recomputed graph to the copies and to the captured leaves.
 */
record Checkpoint(Function<List<Tensor>, Tensor> f, int arity, NdArray value) implements Op {
  static Tensor apply(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
    checkNotNull(f, "checkpoint: f is null");
    checkNotNull(inputs, "checkpoint: inputs is null");
    Tensor y = checkNotNull(f.apply(copies(inputs, i -> false)), "checkpoint: f returned null");
    if (!GradMode.isEnabled()) {
      return y;
    }
    // f's graph was recorded only to find the leaves it captured; it is dropped before this returns
    List<Tensor> all = new ArrayList<>(inputs);
    Topology graph = Topology.of(y, Tensor::isLeaf);
    for (int id = 0; id < graph.size(); id++) {
      if (graph.node(id).isLeaf() && graph.node(id).isGradRequired()) {
        all.add(graph.node(id));
      }
    }
    return Tensor.apply(new Checkpoint(f, inputs.size(), y.value()), all.toArray(new Tensor[0]));
  }

  /** Detached copies of f's inputs (an immutable list), those {@code needed} as new leaves that require grad. */
  private static List<Tensor> copies(List<Tensor> inputs, IntPredicate needed) {
    List<Tensor> copies = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Tensor x = checkNotNull(inputs.get(i), "checkpoint: input %s is null", i).detach();
      copies.add(needed.test(i) ? x.requiresGrad() : x);
    }
    return List.copyOf(copies);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    return value.shape();
  }

  @Override
  public NdArray forward(List<NdArray> inputs) {
    return value;
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    List<Tensor> copies = copies(inputs.subList(0, arity), needed::get);
    Tensor y;
    try (GradScope on = GradMode.set(true)) {
      y = checkNotNull(f.apply(copies), "checkpoint: f returned null");
    }
    checkState(y.shape().equals(out.shape()) && y.dtype() == out.dtype(), "checkpoint: f recomputed a different"
        + " shape or dtype; got %s%s, first %s%s", y.dtype(), y.shape(), out.dtype(), out.shape());
    Grads grads = Grads.none(inputs.size());
    if (!y.isGradRequired()) {
      return grads;
    }
    List<Tensor> all = new ArrayList<>(copies);
    all.addAll(inputs.subList(arity, inputs.size()));
    List<Tensor> targets = IntStream.range(0, all.size()).filter(needed::get).mapToObj(all::get).toList();
    // retained: a captured tensor that is not a leaf links the recomputed graph to the caller's graph
    Gradients found = Autodiff.grad(y, grad, targets, GradOptions.retainingGraph());
    for (int i = 0; i < all.size(); i++) {
      grads = needed.get(i) ? grads.with(i, found.get(all.get(i))) : grads;
    }
    return grads;
  }

  @Override
  public boolean onceDifferentiable() {
    return true;
  }
}
