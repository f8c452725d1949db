package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Random;

/**
 * Examples held in memory: features and targets whose first axis indexes the examples.
 *
 * @param features shape {@code [N, ...]}
 * @param targets shape {@code [N, ...]} (class indices as whole numbers, shape {@code [N]}, for
 *     classification)
 */
public record Dataset(NdArray features, NdArray targets) {
  /**
   * Validates that both arrays have a first axis of the same length.
   *
   * @param features shape {@code [N, ...]}
   * @param targets shape {@code [N, ...]} (class indices as whole numbers, shape {@code [N]}, for classification)
   */
  public Dataset {
    checkNotNull(features, "dataset: features is null");
    checkNotNull(targets, "dataset: targets is null");
    checkArgument(
        features.rank() >= 1 && targets.rank() >= 1 && features.shape().dim(0) == targets.shape().dim(0),
        "dataset: features and targets need the same number of examples on axis 0; got %s and %s",
        features.shape(), targets.shape());
  }

  /**
   * Number of examples.
   *
   * @return the number of examples
   */
  public int size() {
    return features.shape().dim(0);
  }

  /**
   * The examples at {@code indices}, in that order.
   *
   * @param indices positions of examples, each in {@code [0, size())}; repeats allowed
   * @return a new dataset
   */
  public Dataset select(int... indices) {
    return new Dataset(Tensor.of(features).indexSelect(0, indices).value(), Tensor.of(targets).indexSelect(0, indices).value());
  }

  /**
   * Examples {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @param from the first example, in {@code [0, to]}
   * @param to one past the last example, at most {@code size()}
   * @return a new dataset
   */
  public Dataset range(int from, int to) {
    return new Dataset(Tensor.of(features).slice(0, from, to).value(), Tensor.of(targets).slice(0, from, to).value());
  }

  /**
   * A shuffled split: the first part gets {@code round(fraction · N)} examples, the second the rest.
   *
   * @param fraction the share of the examples in the first part, in {@code (0, 1)}
   * @param random the source of the shuffle
   * @return two datasets, e.g. training and validation
   */
  public Dataset[] split(double fraction, Random random) {
    checkArgument(fraction > 0 && fraction < 1, "split: fraction must be in (0, 1); got %s", fraction);
    int[] order = Shuffle.permutation(size(), random);
    int cut = (int) Math.round(fraction * size());
    checkArgument(
        cut > 0 && cut < size(), "split: fraction %s of %s examples leaves a part empty; got %s and %s",
        fraction, size(), cut, size() - cut);
    int[] first = java.util.Arrays.copyOfRange(order, 0, cut);
    int[] second = java.util.Arrays.copyOfRange(order, cut, order.length);
    return new Dataset[] {select(first), select(second)};
  }
}
