package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Stochastic;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

/**
 * Cuts a dataset into batches, one epoch per {@link #iterator()}.
 *
 * <p>The batch size selects the classic regimes: 1 is stochastic (per-example) gradient descent, b is
 * mini-batch, and {@link #fullBatch} is batch gradient descent. A shuffled loader draws a new order each
 * epoch from the caller's seed and the epoch's number ({@link Stochastic#stream}), so runs are
 * reproducible and a resumed run can continue the sequence ({@link #restoreDraws}); the last batch of an
 * epoch may be smaller.
 *
 * <p>A loader counts the epochs it has started ({@link #draws}); that counter is its only mutable state.
 * {@link #droppingLast} and {@link #withTransform} make a loader with its own counter, starting where this
 * one is.
 */
public final class DataLoader implements Iterable<Batch>, Stochastic {
  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffled;
  private final long seed;
  private final boolean dropLast;
  private final SeededTransform transform; // null: the features as they are
  private long epochs;

  private DataLoader(
      Dataset dataset, int batchSize, boolean shuffled, long seed, boolean dropLast, SeededTransform transform, long epochs) {
    checkArgument(batchSize > 0, "dataLoader: batch size must be positive; got %s", batchSize);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffled = shuffled;
    this.seed = seed;
    this.dropLast = dropLast;
    this.transform = transform;
    this.epochs = epochs;
  }

  /**
   * Batches in dataset order.
   *
   * @param dataset the examples
   * @param batchSize the examples per batch, positive
   * @return the loader
   */
  public static DataLoader sequential(Dataset dataset, int batchSize) {
    return new DataLoader(dataset, batchSize, false, 0, false, null, 0);
  }

  /**
   * Batches in a fresh random order each epoch: epoch {@code e} (counting from 0) is shuffled with
   * {@code Stochastic.stream(seed, e)}.
   *
   * @param dataset the examples
   * @param batchSize the examples per batch, positive
   * @param seed the seed of the shuffles
   * @return the loader
   */
  public static DataLoader shuffled(Dataset dataset, int batchSize, long seed) {
    return new DataLoader(dataset, batchSize, true, seed, false, null, 0);
  }

  /**
   * One batch holding the whole dataset (batch gradient descent).
   *
   * @param dataset the examples
   * @return the loader
   */
  public static DataLoader fullBatch(Dataset dataset) {
    return new DataLoader(dataset, Math.max(1, dataset.size()), false, 0, false, null, 0);
  }

  /**
   * The same loader without the last batch of an epoch when it is smaller than the others (layers such
   * as batch normalization need more than one example per batch).
   *
   * @return a new loader; this one is unchanged
   */
  public DataLoader droppingLast() {
    return new DataLoader(dataset, batchSize, shuffled, seed, true, transform, epochs);
  }

  /**
   * The same loader with each batch's features passed through {@code transform} (e.g. an {@link Augment}
   * data augmentation) before they become a tensor; the targets are unchanged.
   *
   * <p>The transform's randomness has a seed of its own, so a sequential loader is augmented
   * reproducibly too: batch {@code b} of epoch {@code e} (both from 0) is transformed with the generator
   * {@code Stochastic.stream(Stochastic.stream(seed, e).nextLong(), b)}. The same seed gives the same
   * batches, each epoch draws anew, and a loader resumed at epoch {@code e} ({@link #restoreDraws})
   * repeats that epoch's augmentation. A transform set before is replaced; compose transforms with
   * {@link Transform#andThen}.
   *
   * @param transform the change to each batch of features
   * @param seed the seed of the transform's draws
   * @return a new loader with its own epoch counter, starting where this one is; this one is unchanged
   */
  public DataLoader withTransform(Transform transform, long seed) {
    return new DataLoader(dataset, batchSize, shuffled, this.seed, dropLast, new SeededTransform(transform, seed), epochs);
  }

  /** The number of epochs started ({@link #iterator} calls) so far, or as restored. */
  @Override
  public long draws() {
    return epochs;
  }

  /** The next {@link #iterator} starts epoch number {@code epochs} (from 0), as if that many had run. */
  @Override
  public void restoreDraws(long epochs) {
    checkArgument(epochs >= 0, "dataLoader.restoreDraws: the epoch count must not be negative; got %s", epochs);
    this.epochs = epochs;
  }

  /**
   * The dataset.
   *
   * @return the dataset
   */
  public Dataset dataset() {
    return dataset;
  }

  /**
   * The seed of a shuffled loader, which training checkpoints store and check on resume.
   *
   * @return the seed, or empty for a loader that keeps the dataset's order
   */
  public OptionalLong shuffleSeed() {
    return shuffled ? OptionalLong.of(seed) : OptionalLong.empty();
  }

  /**
   * Examples per batch (the last one may have fewer).
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Batches per epoch.
   *
   * @return the number of batches in one epoch
   */
  public int batchCount() {
    return dropLast ? dataset.size() / batchSize : (dataset.size() + batchSize - 1) / batchSize;
  }

  /** The batches of one epoch; each call starts a new epoch (and, when shuffling, a new order). */
  @Override
  public Iterator<Batch> iterator() {
    long epoch = epochs++;
    int[] order = shuffled ? Shuffle.permutation(dataset.size(), Stochastic.stream(seed, epoch)) : null;
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < batchCount();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException("dataLoader: the epoch has no more batches");
        }
        int from = next * batchSize;
        int to = Math.min(from + batchSize, dataset.size());
        Dataset part = order == null
            ? dataset.range(from, to)
            : dataset.select(java.util.Arrays.copyOfRange(order, from, to));
        NdArray features = transform == null ? part.features() : transform.apply(part.features(), epoch, next);
        return new Batch(Tensor.of(features), Tensor.of(part.targets()), next++);
      }
    };
  }
}
