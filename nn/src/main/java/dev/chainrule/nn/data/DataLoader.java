package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Cuts a dataset into batches, one epoch per {@link #iterator()}.
 *
 * <p>The batch size selects the classic regimes: 1 is stochastic (per-example) gradient descent, b is
 * mini-batch, and {@link #fullBatch} is batch gradient descent. A shuffled loader draws a new order each
 * epoch from its own generator, seeded by the caller, so runs are reproducible; the last batch of an
 * epoch may be smaller.
 */
public final class DataLoader implements Iterable<Batch> {
  private final Dataset dataset;
  private final int batchSize;
  private final Random random;
  private final boolean dropLast;

  private DataLoader(Dataset dataset, int batchSize, Random random, boolean dropLast) {
    checkArgument(batchSize > 0, "dataLoader: batch size must be positive; got %s", batchSize);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.random = random;
    this.dropLast = dropLast;
  }

  /** Batches in dataset order. */
  public static DataLoader sequential(Dataset dataset, int batchSize) {
    return new DataLoader(dataset, batchSize, null, false);
  }

  /** Batches in a fresh random order each epoch, drawn from a generator seeded with {@code seed}. */
  public static DataLoader shuffled(Dataset dataset, int batchSize, long seed) {
    return new DataLoader(dataset, batchSize, new Random(seed), false);
  }

  /** One batch holding the whole dataset (batch gradient descent). */
  public static DataLoader fullBatch(Dataset dataset) {
    return new DataLoader(dataset, Math.max(1, dataset.size()), null, false);
  }

  /**
   * The same loader without the last batch of an epoch when it is smaller than the others (layers such
   * as batch normalization need more than one example per batch).
   */
  public DataLoader droppingLast() {
    return new DataLoader(dataset, batchSize, random, true);
  }

  /** The dataset. */
  public Dataset dataset() {
    return dataset;
  }

  /** Examples per batch (the last one may have fewer). */
  public int batchSize() {
    return batchSize;
  }

  /** Batches per epoch. */
  public int batchCount() {
    return dropLast ? dataset.size() / batchSize : (dataset.size() + batchSize - 1) / batchSize;
  }

  /** The batches of one epoch; each call starts a new epoch (and, when shuffling, a new order). */
  @Override
  public Iterator<Batch> iterator() {
    int[] order = random == null ? null : Shuffle.permutation(dataset.size(), random);
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
        return new Batch(Tensor.of(part.features()), Tensor.of(part.targets()), next++);
      }
    };
  }
}
