package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Concat;
import dev.chainrule.autodiff.op.Op;
import dev.chainrule.autodiff.op.Where;

/** The operations of {@link Tensor} that take several tensors on an equal footing: where, concat, stack. */
final class MultiInputOps {
  private MultiInputOps() {}

  /** {@code op} applied to {@code a} and {@code b} broadcast to one shape, which errors name by the op. */
  static Tensor broadcasting(Op op, Tensor a, Tensor b) {
    if (a.shape().equals(b.shape())) {
      return Tensor.apply(op, a, b);
    }
    Shape shape = Shape.broadcast(op.name(), a.shape(), b.shape());
    return Tensor.apply(op, a.broadcastTo(shape), b.broadcastTo(shape));
  }

  static Tensor where(Tensor condition, Tensor a, Tensor b) {
    Shape shape = Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
    return Tensor.apply(new Where(), condition.broadcastTo(shape), a.broadcastTo(shape), b.broadcastTo(shape));
  }

  static Tensor concat(int axis, Tensor... parts) {
    int normalized = parts.length == 0 ? 0 : parts[0].shape().axis(axis, "concat"); // no parts: the rule says so
    return Tensor.apply(new Concat(normalized), parts);
  }

  static Tensor stack(int axis, Tensor... parts) {
    checkArgument(parts.length > 0, "stack: needs at least one tensor");
    int rank = parts[0].rank();
    checkArgument(
        axis >= -rank - 1 && axis <= rank, "stack: axis %s is out of range for stacking shape %s", axis, parts[0].shape());
    Tensor[] expanded = new Tensor[parts.length];
    for (int i = 0; i < parts.length; i++) {
      checkArgument(
          parts[i].shape().equals(parts[0].shape()),
          "stack: all tensors need one shape; got %s and %s", parts[0].shape(), parts[i].shape());
      expanded[i] = parts[i].unsqueeze(axis);
    }
    return concat(axis, expanded);
  }
}
