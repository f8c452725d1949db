package dev.chainrule.autodiff;

import com.google.common.base.Preconditions;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forward mode on the current thread: while a {@link Autodiff#jvp} runs, every op applied to a tensor that
 * has a tangent gives its output the tangent of the op's {@link Op#jvp} rule. Tangents live in a table of
 * this scope, keyed by tensor identity, never in the tensors themselves, and the scope is thread-confined:
 * forward mode on one thread never affects another.
 *
 * <p>A jvp rule runs with the table suspended, so the ops it applies compute values (and record the
 * reverse-mode graph, so tangents can be differentiated again) without tangents of their own.
 */
final class ForwardMode {
  /** The tangents of one forward-mode computation. */
  static final class Level implements AutoCloseable {
    private final Map<Tensor, Tensor> tangents = new IdentityHashMap<>();
    private final GradMode.State owner;
    private boolean suspended;

    private Level(GradMode.State owner) {
      this.owner = owner;
    }

    /** Gives {@code primal} a tangent of its shape and dtype. */
    void seed(String op, Tensor primal, Tensor tangent) {
      Preconditions.checkArgument(tangent.shape().equals(primal.shape()) && tangent.dtype() == primal.dtype(),
          "%s: a tangent must have its primal's shape and dtype; got %s %s for %s %s",
          op, tangent.shape(), tangent.dtype(), primal.shape(), primal.dtype());
      tangents.put(primal, tangent);
    }

    /** The tangent of {@code t}: zeros when nothing it depends on has one. */
    Tensor tangent(Tensor t) {
      Tensor tangent = tangents.get(t);
      return tangent != null ? tangent : Tensor.zeros(t.shape(), t.dtype());
    }

    @Override
    public void close() {
      owner.forward = null;
    }
  }

  private ForwardMode() {}

  /** Whether forward mode is open on this thread and tracking tangents (not inside a jvp rule). */
  static boolean tracking() {
    Level level = GradMode.state().forward;
    return level != null && !level.suspended;
  }

  /** Opens forward mode on this thread; nested forward mode is refused. */
  static Level open(String op) {
    GradMode.State state = GradMode.state();
    if (state.forward != null) {
      throw new IllegalStateException(op + ": forward mode inside forward mode is not supported; got a nested " + op);
    }
    state.forward = new Level(state);
    return state.forward;
  }

  /** Records the tangent of {@code out} when forward mode is on and an input of {@code op} has a tangent. */
  static Tensor propagate(GradMode.State mode, Op op, Tensor[] inputs, Tensor out) {
    Level level = mode.forward;
    if (level == null || level.suspended || op instanceof Op.NonDifferentiable) {
      return out;
    }
    List<Tensor> tangents = new ArrayList<>(inputs.length);
    boolean any = false;
    for (Tensor input : inputs) {
      Tensor tangent = level.tangents.get(input);
      tangents.add(tangent);
      any |= tangent != null;
    }
    if (!any) {
      return out;
    }
    level.suspended = true;
    try {
      Tensor tangent = op.jvp(List.of(inputs), tangents, out);
      if (tangent == null || !tangent.shape().equals(out.shape()) || tangent.dtype() != out.dtype()) {
        throw new IllegalStateException(String.format("%s: jvp returned %s for an output of shape %s and dtype %s",
            op.name(), tangent == null ? "null" : tangent.shape() + " " + tangent.dtype(), out.shape(), out.dtype()));
      }
      level.tangents.put(out, tangent);
    } finally {
      level.suspended = false;
    }
    return out;
  }
}
