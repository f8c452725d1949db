package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;

/**
 * What {@link Tensor#apply} does: checks the inputs, runs the op's shape rule, computes the output (by the
 * op's forward, or by its batching rule when an input is batched inside a vmap), checks it in anomaly
 * mode, records the node when an input requires grad, and lets forward mode give it a tangent.
 */
final class Application {
  private Application() {}

  static Tensor apply(Op op, Tensor[] inputs) {
    boolean track = InputViews.check(checkNotNull(op, "apply: op is null"), inputs);
    Shape shape = op.shape(InputViews.shapes(inputs));
    Vmap.Level level = Vmap.innermost(op.name(), inputs);
    Vmap.Batched batched = level == null ? null : Vmap.forward(level, op, inputs, shape);
    NdArray out = level == null ? forward(op, inputs, shape) : null;
    GradMode.State mode = GradMode.state();
    Anomaly.Site site = mode.anomaly ? Anomaly.checkForward(op, inputs, out) : null;
    Tensor result = track && mode.enabled && !(op instanceof Op.NonDifferentiable)
        ? new Tensor(out, true, op, inputs.clone(), site, batched)
        : new Tensor(out, false, null, null, null, batched);
    return ForwardMode.propagate(mode, op, inputs, result);
  }

  /** The op's forward, checked against the shape its rule promised. */
  private static NdArray forward(Op op, Tensor[] inputs, Shape shape) {
    NdArray out = op.forward(InputViews.values(inputs));
    if (out == null) {
      throw new NullPointerException(op.name() + ": forward returned null");
    }
    if (!out.shape().equals(shape)) {
      throw new IllegalStateException(String.format(
          "%s: forward returned shape %s, but the shape rule gives %s", op.name(), out.shape(), shape));
    }
    return out;
  }
}
