package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.NdArray;
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
