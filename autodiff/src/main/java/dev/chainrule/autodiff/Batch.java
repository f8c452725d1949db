package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * What a batching rule ({@link Op#vmap}) receives inside {@link Autodiff#vmap}: the op's inputs with the
 * batch made explicit. A batched input carries the batch as its first axis, of extent {@link #size()},
 * followed by the shape the op's shape rule saw; an unbatched input is exactly what the op would get
 * outside vmap. The rule returns the output with the batch as its first axis.
 *
 * <p>Immutable; the helpers cover what most rules need: {@link #expanded} makes every input batched (a
 * broadcast view, nothing is copied), {@link #shifted} moves an op's axis behind the batch axis, and
 * {@link #batched(Shape)} prepends the batch to a shape.
 */
public final class Batch {
  private final List<Tensor> values;
  private final boolean[] batched;
  private final int size;
  private final Vmap.Level level;

  Batch(List<Tensor> values, boolean[] batched, int size, Vmap.Level level) {
    this.values = List.copyOf(values);
    this.batched = batched.clone();
    this.size = size;
    this.level = level;
  }

  /**
   * The batch size.
   *
   * @return the extent of the batch axis
   */
  public int size() {
    return size;
  }

  /**
   * How many inputs the op has.
   *
   * @return the number of inputs
   */
  public int arity() {
    return values.size();
  }

  /**
   * Whether input {@code i} varies over the batch.
   *
   * @param i the input's position
   * @return true if input {@code i} has the batch as its first axis
   */
  public boolean isBatched(int i) {
    return batched[i];
  }

  /**
   * Input {@code i}: with the batch as its first axis if {@linkplain #isBatched batched}, else as the op
   * would see it outside vmap.
   *
   * @param i the input's position
   * @return the input's value
   */
  public Tensor get(int i) {
    return values.get(i);
  }

  /**
   * Input {@code i} with the batch as its first axis: itself if batched, else broadcast along a new first
   * axis (a view that stores nothing).
   *
   * @param i the input's position
   * @return the input, batched
   */
  public Tensor expanded(int i) {
    Tensor x = values.get(i);
    return batched[i] ? x : x.unsqueeze(0).broadcastTo(batched(x.shape()));
  }

  /**
   * Every input {@linkplain #expanded expanded}.
   *
   * @return the inputs, all with the batch as their first axis
   */
  public Tensor[] allExpanded() {
    Tensor[] all = new Tensor[values.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = expanded(i);
    }
    return all;
  }

  /**
   * The shape the op's shape rule saw for input {@code i}, without the batch axis.
   *
   * @param i the input's position
   * @return the input's unbatched shape
   */
  public Shape shape(int i) {
    Shape s = values.get(i).shape();
    if (!batched[i]) {
      return s;
    }
    int[] dims = new int[s.rank() - 1];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = s.dim(d + 1);
    }
    return Shape.of(dims);
  }

  /**
   * {@code shape} with the batch axis in front.
   *
   * @param shape an unbatched shape
   * @return {@code [size(), shape...]}
   */
  public Shape batched(Shape shape) {
    return Vmap.prepend(size, shape);
  }

  /**
   * Where an op's axis is once the batch axis is in front: non-negative axes move up by one, negative
   * ones (counted from the end) stay.
   *
   * @param axis an axis as the op saw it
   * @return the same axis in the batched input
   */
  public static int shifted(int axis) {
    return axis < 0 ? axis : axis + 1;
  }

  /**
   * The rule that needs no rule: applies {@code op} to each member of the batch and stacks the results.
   * Correct for any op, but it runs the op {@link #size()} times; vmap uses it for an op without its own
   * rule and says so once per thread.
   *
   * @param op the op to apply
   * @return the stacked results, with the batch as their first axis
   */
  public Tensor loop(Op op) {
    level.fellBack(op);
    List<Tensor> results = new ArrayList<>(size);
    for (int b = 0; b < size; b++) {
      Tensor[] member = new Tensor[values.size()];
      for (int i = 0; i < member.length; i++) {
        Tensor x = values.get(i);
        member[i] = batched[i] ? x.slice(0, b, b + 1).squeeze(0) : x;
      }
      results.add(Tensor.apply(op, member));
    }
    return Tensor.stack(0, results.toArray(new Tensor[0]));
  }
}
