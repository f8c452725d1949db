package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Reverse mode: walks the graph from an output in reverse topological order, calling each op's backward
 * and summing gradients over every path. Iterative throughout, so graph depth is bounded by the heap,
 * not the stack. Per-node state lives in arrays indexed by the {@link Topology}'s ids.
 */
final class Backprop {
  private final GradOptions options;
  /** Whether the pass runs inside detectAnomaly(); nodes created inside it are checked either way. */
  private final boolean detectAnomaly;
  private final Topology graph;
  /** By node id: the gradient summed so far; kept for targets, dropped for other nodes once propagated. */
  private final Tensor[] pending;

  private Backprop(Tensor output, Predicate<Tensor> isTarget, GradOptions options) {
    this.options = options;
    this.detectAnomaly = GradMode.state().anomaly;
    this.graph = Topology.of(output, isTarget);
    this.pending = new Tensor[graph.size()];
  }

  /** Total gradient of {@code output} (weighted by {@code seed}) for each tensor in {@code targets}. */
  static IdentityHashMap<Tensor, Tensor> gradients(
      Tensor output, Tensor seed, List<Tensor> targets, GradOptions options) {
    checkNotNull(output, "grad: output is null");
    checkNotNull(targets, "grad: inputs is null");
    NodeIds targetIds = new NodeIds();
    for (int i = 0; i < targets.size(); i++) {
      Tensor t = checkNotNull(targets.get(i), "grad: input %s is null", i);
      checkArgument(
          t.isGradRequired(),
          "grad: input %s (shape %s) does not require grad; create it with requiresGrad()", i, t.shape());
      if (targetIds.find(t) < 0) {
        targetIds.add(t);
      }
    }
    Backprop pass = start("grad", output, seed, t -> targetIds.find(t) >= 0, options);
    IdentityHashMap<Tensor, Tensor> result = new IdentityHashMap<>();
    for (Tensor t : targets) {
      int id = pass.graph.idOf(t);
      Tensor g = id >= 0 ? pass.pending[id] : null;
      result.put(t, g != null ? g : Tensor.zeros(t.shape(), t.dtype()));
    }
    return result;
  }

  /** Adds the gradient of {@code output} into every leaf it depends on, and every retained intermediate. */
  static void accumulate(Tensor output, Tensor seed, GradOptions options) {
    Backprop pass = start("backward", output, seed, Tensor::keepsGrad, options);
    // applied only after the whole pass succeeded, so a failure leaves every leaf's grad unchanged
    for (int id = 0; id < pass.pending.length; id++) {
      if (pass.pending[id] != null && pass.graph.isTarget(id)) {
        pass.graph.node(id).accumulateGrad(pass.pending[id]);
      }
    }
  }

  private static Backprop start(
      String caller, Tensor output, Tensor seed, Predicate<Tensor> isTarget, GradOptions options) {
    checkArgument(
        output.isGradRequired(),
        "%s: the output does not require grad; no input was created with requiresGrad(), or it was computed"
            + " inside noGrad()", caller);
    Tensor start = checkSeed(caller, output, seed);
    Backprop pass = new Backprop(output, isTarget, options);
    pass.run(start);
    return pass;
  }

  private void run(Tensor start) {
    int[] processed = new int[graph.size()];
    int count = 0;
    pending[0] = start;
    // backward rules are checked by what they return, not op by op like a forward
    try (GradScope mode = GradMode.set(options.createGraph(), false)) {
      for (int position = graph.size() - 1; position >= 0; position--) {
        int id = graph.idAt(position);
        Tensor grad = pending[id];
        if (grad == null || !graph.isNeeded(id)) {
          continue;
        }
        grad = runHooks(graph.node(id), grad);
        pending[id] = grad;
        if (!graph.isTarget(id)) {
          pending[id] = null;
        }
        if (graph.isAnyInputNeeded(id)) {
          propagate(id, grad);
          processed[count++] = id;
        }
      }
    }
    // freed only once the whole pass has succeeded, so a failure leaves the graph as it was
    if (!options.retainGraph()) {
      for (int i = 0; i < count; i++) {
        graph.node(processed[i]).freeGraph();
      }
    }
  }

  private static Tensor checkSeed(String caller, Tensor output, Tensor seed) {
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

  /** Runs node {@code id}'s backward and adds each needed input's gradient to its pending sum. */
  private void propagate(int id, Tensor grad) {
    Tensor node = graph.node(id);
    Op op = node.graphOp();
    Tensor[] inputs = graph.inputs(id);
    Needed needed = inputs.length == 2 ? Needed.of(isNeeded(id, 0), isNeeded(id, 1)) : neededOf(id, inputs.length);
    Grads grads = backward(op, grad, List.of(inputs), node, needed);
    if (grads == null) {
      throw new IllegalStateException(
          op.name() + ": backward returned null; return Grads.none(n) for inputs without a gradient");
    }
    if (grads.size() != inputs.length) {
      throw new IllegalStateException(
          op.name() + ": backward returned " + grads.size() + " gradients for " + inputs.length + " inputs");
    }
    for (int k = 0; k < inputs.length; k++) {
      int input = graph.inputId(id, k);
      if (!needed.get(k) || !grads.has(k)) {
        continue;
      }
      Tensor g = checkGradient(op, k, grads.get(k), inputs[k]);
      pending[input] = pending[input] == null ? g : pending[input].add(g);
    }
    if (detectAnomaly || node.site() != null) {
      Anomaly.checkBackward(op, grads, needed, grad, inputs, node);
    }
  }

  /** Whether input {@code k} of node {@code id} leads to a target. */
  private boolean isNeeded(int id, int k) {
    int input = graph.inputId(id, k);
    return input >= 0 && graph.isNeeded(input);
  }

  private Needed neededOf(int id, int count) {
    if (count == 1) {
      return Needed.of(isNeeded(id, 0));
    }
    boolean[] flags = new boolean[count];
    for (int k = 0; k < count; k++) {
      flags[k] = isNeeded(id, k);
    }
    return Needed.of(flags);
  }

  /** The node's gradient after its hooks, each given the previous one's result. */
  private static Tensor runHooks(Tensor node, Tensor grad) {
    for (UnaryOperator<Tensor> hook : node.gradHooks()) {
      Tensor next = hook.apply(grad);
      if (next == null) {
        throw new IllegalStateException("registerHook: hook returned null; return the gradient itself to keep it");
      }
      if (!next.shape().equals(node.shape()) || next.dtype() != node.dtype()) {
        throw new IllegalStateException(String.format(
            "registerHook: hook returned shape %s (%s) for a tensor of shape %s (%s); a hook must keep both",
            next.shape(), next.dtype(), node.shape(), node.dtype()));
      }
      grad = next;
    }
    return grad;
  }

  private static Tensor checkGradient(Op op, int k, Tensor g, Tensor input) {
    if (!g.shape().equals(input.shape()) || g.dtype() != input.dtype()) {
      throw new IllegalStateException(
          String.format(
              "%s: backward returned a %s%s gradient for input %s of %s%s; a gradient must match its input",
              op.name(), g.dtype(), g.shape(), k, input.dtype(), input.shape()));
    }
    return g;
  }

  private Grads backward(Op op, Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    if (!options.createGraph() || !op.onceDifferentiable()) {
      return op.backward(grad, inputs, out, needed);
    }
    Grads plain;
    try (GradScope off = GradMode.set(false)) {
      plain = op.backward(grad, inputs, out, needed);
    }
    return OnceDifferentiable.guard(op, plain, grad, inputs);
  }
}
