package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.op.Op;
import dev.chainrule.autodiff.array.Shape;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Read-only views of an op's inputs as the shape rule and forward take them: one small object each and
 * no copied array, which the cost of a scalar op notices.
 */
final class InputViews {
  private InputViews() {}

  /**
   * Checks the inputs of {@code op}: present, and of one dtype; fails naming the op.
   *
   * @return whether any input requires grad
   */
  static boolean check(Op op, Tensor[] inputs) {
    if (inputs == null) {
      throw new NullPointerException(op.name() + ": inputs are null");
    }
    boolean track = false;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new NullPointerException(op.name() + ": input " + i + " is null");
      }
      track |= inputs[i].isGradRequired();
      if (inputs[i].dtype() != inputs[0].dtype()) {
        throw new IllegalArgumentException(String.format(
            "%s: dtypes differ; got %s and %s (convert one with to(DType))", op.name(), inputs[0].dtype(), inputs[i].dtype()));
      }
    }
    return track;
  }

  static List<Shape> shapes(Tensor[] inputs) {
    return new Shapes(inputs);
  }

  static List<NdArray> values(Tensor[] inputs) {
    return new Values(inputs);
  }

  private static final class Shapes extends AbstractList<Shape> implements RandomAccess {
    private final Tensor[] inputs;

    Shapes(Tensor[] inputs) {
      this.inputs = inputs;
    }

    @Override
    public Shape get(int index) {
      return inputs[index].shape();
    }

    @Override
    public int size() {
      return inputs.length;
    }
  }

  private static final class Values extends AbstractList<NdArray> implements RandomAccess {
    private final Tensor[] inputs;

    Values(Tensor[] inputs) {
      this.inputs = inputs;
    }

    @Override
    public NdArray get(int index) {
      return inputs[index].value();
    }

    @Override
    public int size() {
      return inputs.length;
    }
  }
}
