package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;
import java.util.Random;

/**
 * A lookup table of {@code count} learned vectors of size {@code dim}: index {@code i} maps to row
 * {@code i} of the weight. Rows used several times in a batch collect the gradient of every use.
 */
public final class Embedding implements Module {
  private final int count;
  private final int dim;
  private final Parameter weight;

  private Embedding(int count, int dim, Parameter weight) {
    this.count = count;
    this.dim = dim;
    this.weight = weight;
  }

  /** A table with standard-normal initial rows (PyTorch's default). */
  public static Embedding create(int count, int dim, DType dtype, Random random) {
    checkArgument(count > 0 && dim > 0, "embedding: sizes must be positive; got count %s, dim %s", count, dim);
    return new Embedding(count, dim, new Parameter(NdArray.randn(Shape.of(count, dim), dtype, random)));
  }

  /** The rows for {@code indices}, shape {@code [indices.length, dim]}. */
  public Tensor lookup(int... indices) {
    for (int i : indices) {
      checkArgument(0 <= i && i < count, "embedding: index %s is out of range [0, %s)", i, count);
    }
    return weight.tensor().indexSelect(0, indices);
  }

  /**
   * The rows for a tensor of whole-number indices of any shape; the result has shape
   * {@code indices.shape ++ [dim]}.
   */
  @Override
  public Tensor forward(Tensor indices) {
    NdArray values = indices.value();
    int[] rows = new int[values.size()];
    for (int i = 0; i < rows.length; i++) {
      double v = values.getFlat(i);
      checkArgument(v == Math.rint(v), "embedding: indices must be whole numbers; got %s", v);
      rows[i] = (int) v;
    }
    int[] dims = java.util.Arrays.copyOf(indices.shape().toArray(), indices.rank() + 1);
    dims[indices.rank()] = dim;
    return lookup(rows).reshape(dims);
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return Map.of("weight", weight);
  }

  @Override
  public String toString() {
    return "Embedding(" + count + " × " + dim + ")";
  }
}
