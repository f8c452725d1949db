package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Stochastic;
import java.util.Random;

/**
 * A loader's transform with the seed of its randomness: batch {@code b} of epoch {@code e} is transformed
 * with {@code Stochastic.stream(Stochastic.stream(seed, e).nextLong(), b)}, a function of the three
 * numbers only, so a batch's augmentation does not depend on the batches before it.
 *
 * @param transform the transform
 * @param seed the seed of its draws
 */
record SeededTransform(Transform transform, long seed) {
  SeededTransform {
    checkNotNull(transform, "withTransform: transform is null");
  }

  /** The features of batch {@code batch} of epoch {@code epoch}, transformed. */
  NdArray apply(NdArray features, long epoch, int batch) {
    Random random = Stochastic.stream(Stochastic.stream(seed, epoch).nextLong(), batch);
    return transform.apply(features, random);
  }
}
