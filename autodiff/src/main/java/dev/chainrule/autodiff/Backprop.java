package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reverse mode: walks the graph from an output in reverse topological order, calling each op's backward
 * and summing gradients over every path. Iterative throughout, so graph depth is bounded by the heap,
 * not the stack.
 */
final class Backprop {
  private final Tensor output;
  private final Set<Tensor> targets;
  private final GradOptions options;
  private final List<Tensor> order = new ArrayList<>();
  /** Each node's inputs as read once during the sort, so a concurrent free cannot change them mid-pass. */
  private final IdentityHashMap<Tensor, Tensor[]> edges = new IdentityHashMap<>();
  private final Set<Tensor> needed = Collections.newSetFromMap(new IdentityHashMap<>());

  private Backprop(Tensor output, Set<Tensor> targets, GradOptions options) {
    this.output = output;
    this.targets = targets;
    this.options = options;
  }

  /** Total gradient of {@code output} (weighted by {@code seed}) for each tensor in {@code targets}. */
  static IdentityHashMap<Tensor, Tensor> gradients(
      Tensor output, Tensor seed, List<Tensor> targets, GradOptions options) {
    for (int i = 0; i < targets.size(); i++) {
      Tensor t = targets.get(i);
      checkArgument(
          t.isGradRequired(),
          "grad: input %s (shape %s) does not require grad; create it with requiresGrad()", i, t.shape());
    }
    Set<Tensor> targetSet = Collections.newSetFromMap(new IdentityHashMap<>());
    targetSet.addAll(targets);
    IdentityHashMap<Tensor, Tensor> found = new Backprop(output, targetSet, options).run("grad", seed);
    IdentityHashMap<Tensor, Tensor> result = new IdentityHashMap<>();
    for (Tensor t : targets) {
      Tensor g = found.get(t);
      result.put(t, g != null ? g : Tensor.zeros(t.shape(), t.dtype()));
    }
    return result;
  }

  /** Adds the gradient of {@code output} into every leaf it depends on that requires grad. */
  static void accumulate(Tensor output, Tensor seed, GradOptions options) {
    IdentityHashMap<Tensor, Tensor> found = new Backprop(output, null, options).run("backward", seed);
    // applied only after the whole pass succeeded, so a failure leaves every leaf's grad unchanged
    found.forEach(Tensor::accumulateGrad);
  }

  private boolean isTarget(Tensor t) {
    return targets == null ? t.isLeaf() : targets.contains(t);
  }

  private IdentityHashMap<Tensor, Tensor> run(String caller, Tensor seed) {
    checkArgument(
        output.isGradRequired(),
        "%s: the output does not require grad; no input was created with requiresGrad(), or it was computed"
            + " inside noGrad()", caller);
    Tensor start = checkSeed(caller, seed);
    sortTopologically();
    IdentityHashMap<Tensor, Tensor> pending = new IdentityHashMap<>();
    IdentityHashMap<Tensor, Tensor> found = new IdentityHashMap<>();
    pending.put(output, start);
    List<Tensor> processed = new ArrayList<>();
    try (GradScope mode = GradMode.set(options.createGraph())) {
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor node = order.get(i);
        Tensor grad = pending.remove(node);
        if (grad == null || !needed.contains(node)) {
          continue;
        }
        if (isTarget(node)) {
          found.put(node, grad);
        }
        Tensor[] inputs = edges.get(node);
        if (inputs != null && anyNeeded(inputs)) {
          propagate(node, inputs, grad, pending);
          processed.add(node);
        }
      }
    }
    // freed only once the whole pass has succeeded, so a failure leaves the graph as it was
    if (!options.retainGraph()) {
      processed.forEach(Tensor::freeGraph);
    }
    return found;
  }

  private Tensor checkSeed(String caller, Tensor seed) {
    if (seed == null) {
      checkArgument(
          output.size() == 1,
          "%s: the output has shape %s; without a seed the output must be a scalar. Reduce it (sum() or"
              + " mean()) or pass a seed of shape %s", caller, output.shape(), output.shape());
      return Tensor.ones(output.shape(), output.dtype());
    }
    checkArgument(
        seed.shape().equals(output.shape()),
        "%s: the seed must have the output's shape exactly (it is never broadcast); got seed %s for output %s",
        caller, seed.shape(), output.shape());
    checkArgument(
        seed.dtype() == output.dtype(), "%s: dtypes differ; got seed %s for output %s", caller, seed.dtype(), output.dtype());
    return seed;
  }

  /** Post-order DFS with an explicit stack; marks the nodes from which a target is reachable. */
  private void sortTopologically() {
    Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Tensor[] stack = new Tensor[64];
    int[] next = new int[64];
    int top = 0;
    stack[0] = output;
    visited.add(output);
    while (top >= 0) {
      Tensor node = stack[top];
      Tensor[] inputs = next[top] == 0 ? snapshot(node) : edges.get(node);
      if (inputs != null && next[top] < inputs.length) {
        Tensor child = inputs[next[top]++];
        if (child.isGradRequired() && visited.add(child)) {
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          stack[top] = child;
          next[top] = 0;
        }
        continue;
      }
      stack[top--] = null;
      order.add(node);
      if (isTarget(node) || anyNeeded(inputs)) {
        needed.add(node);
      }
    }
  }

  private Tensor[] snapshot(Tensor node) {
    Tensor[] inputs = node.graphInputs();
    if (inputs == null && node.isFreed()) {
      throw new GraphFreedException(node.opName());
    }
    edges.put(node, inputs);
    return inputs;
  }

  private boolean anyNeeded(Tensor[] inputs) {
    if (inputs != null) {
      for (Tensor t : inputs) {
        if (needed.contains(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private void propagate(Tensor node, Tensor[] edges, Tensor grad, IdentityHashMap<Tensor, Tensor> pending) {
    Op op = node.graphOp();
    List<Tensor> inputs = List.of(edges);
    Grads grads = backward(op, grad, inputs, node);
    if (grads == null) {
      throw new IllegalStateException(
          op.name() + ": backward returned null; return Grads.none(n) for inputs without a gradient");
    }
    if (grads.size() != inputs.size()) {
      throw new IllegalStateException(
          op.name() + ": backward returned " + grads.size() + " gradients for " + inputs.size() + " inputs");
    }
    for (int i = 0; i < inputs.size(); i++) {
      Tensor input = inputs.get(i);
      if (!grads.has(i) || !needed.contains(input)) {
        continue;
      }
      Tensor g = grads.get(i);
      if (!g.shape().equals(input.shape()) || g.dtype() != input.dtype()) {
        throw new IllegalStateException(
            String.format(
                "%s: backward returned a %s%s gradient for input %s of %s%s; a gradient must match its input",
                op.name(), g.dtype(), g.shape(), i, input.dtype(), input.shape()));
      }
      pending.merge(input, g, Tensor::add);
    }
  }

  private Grads backward(Op op, Tensor grad, List<Tensor> inputs, Tensor out) {
    if (!options.createGraph() || !op.onceDifferentiable()) {
      return op.backward(grad, inputs, out);
    }
    Grads plain;
    try (GradScope off = GradMode.set(false)) {
      plain = op.backward(grad, inputs, out);
    }
    return OnceDifferentiable.guard(op, plain, grad, inputs);
  }
}
