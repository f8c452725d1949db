package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A lookup table of {@code count} learned vectors of size {@code dim}: index {@code i} maps to row
 * {@code i} of the weight. Rows used several times in a batch collect the gradient of every use.
 *
 * <p>With a padding index (PyTorch's {@code padding_idx}), that row starts at zero and never receives a
 * gradient, so padding positions of a batch look up a vector that training leaves alone.
 */
public final class Embedding implements Module {
  /** No padding index. */
  private static final int NONE = -1;

  private final int count;
  private final int dim;
  private final int paddingIndex;
  private final Parameter weight;

  private Embedding(int count, int dim, int paddingIndex, Parameter weight) {
    this.count = count;
    this.dim = dim;
    this.paddingIndex = paddingIndex;
    this.weight = weight;
  }

  /**
   * A table with standard-normal initial rows (PyTorch's default).
   *
   * @param count the number of rows, positive
   * @param dim the width of a row, positive
   * @param dtype float32 or float64
   * @param random the source of the initial rows
   * @return the table
   */
  public static Embedding create(int count, int dim, DType dtype, Random random) {
    checkArgument(count > 0 && dim > 0, "embedding: sizes must be positive; got count %s, dim %s", count, dim);
    return new Embedding(count, dim, NONE, new Parameter(NdArray.randn(Shape.of(count, dim), dtype, random)));
  }

  /**
   * A table whose row {@code paddingIndex} (negative counts from the end, as in PyTorch) starts at zero
   * and gets no gradient; the other rows are standard normal.
   *
   * @param count the number of rows, positive
   * @param dim the width of a row, positive
   * @param paddingIndex the padding row, in {@code [-count, count)}
   * @param dtype float32 or float64
   * @param random the source of the initial rows
   * @return the table
   */
  public static Embedding withPaddingIndex(int count, int dim, int paddingIndex, DType dtype, Random random) {
    checkArgument(count > 0 && dim > 0, "embedding: sizes must be positive; got count %s, dim %s", count, dim);
    checkArgument(
        -count <= paddingIndex && paddingIndex < count,
        "embedding: padding index %s is out of range [%s, %s)", paddingIndex, -count, count);
    int row = paddingIndex < 0 ? paddingIndex + count : paddingIndex;
    double[] values = NdArray.randn(Shape.of(count, dim), DType.FLOAT64, random).toDoubleArray();
    Arrays.fill(values, row * dim, (row + 1) * dim, 0);
    return new Embedding(count, dim, row, new Parameter(NdArray.of(Shape.of(count, dim), values).to(dtype)));
  }

  /**
   * The table, shape {@code [count, dim]}.
   *
   * @return the table
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * The padding row, if this table has one.
   *
   * @return the padding row's index in {@code [0, count)}, or empty
   */
  public OptionalInt paddingIndex() {
    return paddingIndex == NONE ? OptionalInt.empty() : OptionalInt.of(paddingIndex);
  }

  /**
   * The rows for {@code indices}, shape {@code [indices.length, dim]}.
   *
   * @param indices the rows to read, each in {@code [0, count)}
   * @return the rows
   */
  public Tensor lookup(int... indices) {
    for (int i : indices) {
      checkArgument(0 <= i && i < count, "embedding: index %s is out of range [0, %s)", i, count);
    }
    Tensor rows = weight.tensor().indexSelect(0, indices);
    if (paddingIndex == NONE) {
      return rows;
    }
    double[] padded = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      padded[i] = indices[i] == paddingIndex ? 1 : 0;
    }
    Tensor isPadding = Tensor.of(NdArray.of(Shape.of(indices.length, 1), padded).to(rows.dtype()));
    return Tensor.where(isPadding, rows.detach(), rows); // the padding row's value, without its gradient
  }

  /**
   * The rows for a tensor of whole-number indices of any shape; the result has shape
   * {@code indices.shape ++ [dim]}.
   */
  @Override
  public Tensor forward(Tensor indices) {
    if (indices.isBatched()) {
      return oneHotLookup(indices);
    }
    NdArray values = indices.value();
    int[] rows = new int[values.size()];
    for (int i = 0; i < rows.length; i++) {
      double v = values.getFlat(i);
      checkArgument(v == Math.rint(v), "embedding: indices must be whole numbers; got %s", v);
      rows[i] = (int) v;
    }
    int[] dims = Arrays.copyOf(indices.shape().toArray(), indices.rank() + 1);
    dims[indices.rank()] = dim;
    return lookup(rows).reshape(dims);
  }

  /**
   * Inside {@code Autodiff.vmap}, where the indices differ per batch member and cannot be read: the product
   * of their one-hot rows with the table (an index that is not a row's number selects zeros).
   */
  private Tensor oneHotLookup(Tensor indices) {
    double[] ids = new double[count];
    double[] padding = new double[count];
    for (int c = 0; c < count; c++) {
      ids[c] = c;
      padding[c] = c == paddingIndex ? 1 : 0;
    }
    Tensor table = weight.tensor();
    if (paddingIndex != NONE) { // the padding row's value, without its gradient
      table = Tensor.where(Tensor.of(NdArray.of(Shape.of(count, 1), padding).to(table.dtype())), table.detach(), table);
    }
    Tensor columns = Tensor.of(NdArray.of(Shape.of(1, count), ids).to(indices.dtype()));
    Tensor oneHot = indices.reshape(indices.size(), 1).eq(columns).to(table.dtype());
    int[] dims = Arrays.copyOf(indices.shape().toArray(), indices.rank() + 1);
    dims[indices.rank()] = dim;
    return oneHot.matmul(table).reshape(dims);
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return Map.of("weight", weight);
  }

  @Override
  public String toString() {
    return "Embedding(" + count + " × " + dim + (paddingIndex == NONE ? "" : ", padding " + paddingIndex) + ")";
  }
}
