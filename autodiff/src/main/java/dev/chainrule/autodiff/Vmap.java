package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The batching transform behind {@link Autodiff#vmap}. Inside a vmap, a batched tensor is a view whose
 * {@link Tensor#shape()} hides the batch axis; its physical value, with the batch as the first axis, is a
 * tensor of the enclosing level (a plain tensor, or a batched one of an outer vmap). {@link Tensor#apply}
 * hands an op whose inputs are batched at the innermost open level to the op's {@link Op#vmap} rule,
 * which computes the physical output with ordinary ops; those may be batched again at an outer level.
 *
 * <p>Levels are thread-confined and numbered by nesting depth; a batched tensor used after its vmap
 * returned is refused.
 */
final class Vmap {
  /** One open vmap: its depth among the vmaps open on this thread, its batch size, and whether it is open. */
  static final class Level {
    private final GradMode.State owner;
    final int depth;
    final int size;
    private boolean open = true;

    private Level(GradMode.State owner, int depth, int size) {
      this.owner = owner;
      this.depth = depth;
      this.size = size;
    }

    /** Says once per thread and op name that {@code op} ran as a loop over the batch. */
    void fellBack(Op op) {
      if (owner.vmapFallbacks.add(op.name())) {
        System.getLogger("dev.chainrule.autodiff.vmap").log(System.Logger.Level.WARNING,
            "vmap: op '" + op.name() + "' has no batching rule, so it runs once per batch member; override "
                + "Op.vmap to batch it");
      }
    }
  }

  /** The physical side of a batched tensor: its level, its value with the batch first, and its shape without. */
  record Batched(Level level, Tensor physical, Shape shape) {
    /** The same batched tensor over another physical value of the same shape (a detached one). */
    Batched withPhysical(Tensor other) {
      return new Batched(level, other, shape);
    }

    /** A batched view over this physical side: a constant of the vmap's level. */
    Tensor view() {
      return new Tensor(null, false, null, null, null, this);
    }
  }

  private Vmap() {}

  /** The innermost level at which one of {@code inputs} is batched, or null when none is. */
  static Level innermost(String op, Tensor[] inputs) {
    Level level = null;
    for (Tensor input : inputs) {
      Batched b = input.batched();
      if (b != null) {
        if (!b.level.open) {
          throw new IllegalStateException(op + ": a batched tensor was used after its vmap returned; got one of shape "
              + b.shape + " from a vmap over " + b.level.size);
        }
        level = level == null || b.level.depth > level.depth ? b.level : level;
      }
    }
    return level;
  }

  /** Runs {@code op}'s batching rule at {@code level}; returns the physical output, checked against {@code shape}. */
  static Batched forward(Level level, Op op, Tensor[] inputs, Shape shape) {
    List<Tensor> physical = new ArrayList<>(inputs.length);
    boolean[] batched = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Batched b = inputs[i].batched();
      batched[i] = b != null && b.level == level;
      physical.add(batched[i] ? b.physical : inputs[i]);
    }
    Batch batch = new Batch(physical, batched, level.size, level);
    Tensor out = op.vmap(batch);
    Shape expected = batch.batched(shape);
    if (out == null || !out.shape().equals(expected)) {
      throw new IllegalStateException(String.format("%s: its batching rule returned %s where shape %s was expected",
          op.name(), out == null ? "null" : "shape " + out.shape(), expected));
    }
    return new Batched(level, out, shape);
  }

  /** {@code f} mapped over the batch axes {@code inAxes} of {@code args}; outputs stacked along {@code outAxes}. */
  static List<Tensor> call(Function<List<Tensor>, List<Tensor>> f, List<Tensor> args, List<Integer> inAxes,
      List<Integer> outAxes) {
    if (inAxes.size() != args.size()) {
      throw new IllegalArgumentException(String.format(
          "vmap: expected one input axis per argument; got %s axes for %s arguments", inAxes.size(), args.size()));
    }
    int size = batchSize(args, inAxes);
    GradMode.State state = GradMode.state();
    Level level = new Level(state, ++state.vmapDepth, size);
    List<Tensor> outputs;
    try {
      List<Tensor> views = new ArrayList<>(args.size());
      for (int i = 0; i < args.size(); i++) {
        Tensor arg = args.get(i);
        Integer axis = inAxes.get(i);
        views.add(axis == null ? arg
            : new Batched(level, moveAxis(arg, axis, 0), without(arg.shape(), arg.shape().axis(axis, "vmap"))).view());
      }
      outputs = f.apply(views);
    } finally {
      level.open = false;
      state.vmapDepth--;
    }
    if (outputs == null || outputs.size() != outAxes.size()) {
      throw new IllegalArgumentException(String.format("vmap: expected one output axis per output; got %s axes for %s",
          outAxes.size(), outputs == null ? "no outputs" : outputs.size() + " outputs"));
    }
    List<Tensor> results = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      results.add(unbatch(outputs.get(i), level, outAxes.get(i)));
    }
    return results;
  }

  /** The common batch size of the batched arguments; fails when there is none or they disagree. */
  private static int batchSize(List<Tensor> args, List<Integer> inAxes) {
    int size = -1;
    for (int i = 0; i < args.size(); i++) {
      Integer axis = inAxes.get(i);
      if (args.get(i) == null) {
        throw new NullPointerException("vmap: argument " + i + " is null");
      }
      if (axis == null) {
        continue;
      }
      Shape shape = args.get(i).shape();
      int extent = shape.dim(shape.axis(axis, "vmap"));
      if (size >= 0 && extent != size) {
        throw new IllegalArgumentException(String.format(
            "vmap: batched arguments disagree on the batch size; got %s along axis %s of argument %s %s, and %s before",
            extent, axis, i, shape, size));
      }
      size = extent;
    }
    if (size < 0) {
      throw new IllegalArgumentException("vmap: no argument is batched; got input axes " + inAxes);
    }
    return size;
  }

  /** The output as a plain tensor of the enclosing level, its batch along {@code outAxis}. */
  private static Tensor unbatch(Tensor out, Level level, Integer outAxis) {
    if (out == null) {
      throw new NullPointerException("vmap: the function returned a null output");
    }
    Batched b = out.batched();
    if (outAxis == null) {
      if (b != null && b.level == level) {
        throw new IllegalArgumentException("vmap: an output with no output axis varies over the batch; got shape "
            + b.shape + " batched over " + level.size);
      }
      return out;
    }
    Tensor physical = b != null && b.level == level ? b.physical
        : out.unsqueeze(0).broadcastTo(prepend(level.size, out.shape()));
    int rank = physical.shape().rank();
    int axis = outAxis < 0 ? outAxis + rank : outAxis;
    if (axis < 0 || axis >= rank) {
      throw new IllegalArgumentException(String.format(
          "vmap: output axis %s is out of range for an output of rank %s; got shape %s", outAxis, rank - 1, out.shape()));
    }
    return moveAxis(physical, 0, axis);
  }

  /** {@code x} with axis {@code from} moved to position {@code to}, the others in order. */
  private static Tensor moveAxis(Tensor x, int from, int to) {
    int rank = x.shape().rank();
    int source = x.shape().axis(from, "vmap");
    if (source == to) {
      return x;
    }
    List<Integer> others = new ArrayList<>(rank);
    for (int a = 0; a < rank; a++) {
      if (a != source) {
        others.add(a);
      }
    }
    others.add(to, source);
    return x.permute(others.stream().mapToInt(Integer::intValue).toArray());
  }

  /** {@code [size, shape...]}. */
  static Shape prepend(int size, Shape shape) {
    int[] dims = new int[shape.rank() + 1];
    dims[0] = size;
    for (int d = 0; d < shape.rank(); d++) {
      dims[d + 1] = shape.dim(d);
    }
    return Shape.of(dims);
  }

  private static Shape without(Shape shape, int axis) {
    int[] dims = new int[shape.rank() - 1];
    for (int d = 0, k = 0; d < shape.rank(); d++) {
      if (d != axis) {
        dims[k++] = shape.dim(d);
      }
    }
    return Shape.of(dims);
  }
}
