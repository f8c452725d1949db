package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.array.NdArray;
import java.util.Random;

/**
 * A random change to a batch of features, such as a data augmentation ({@link Augment}): what a
 * {@link DataLoader#withTransform} loader applies to each batch before making it a tensor.
 *
 * <p>A transform draws all its randomness from the {@code random} it is given, so the same generator
 * state gives the same output; it returns an array of the same shape and dtype and, arrays being
 * immutable, never changes its input.
 */
@FunctionalInterface
public interface Transform {
  /**
   * The transformed batch.
   *
   * @param features the batch, shape {@code [N, ...]}
   * @param random the source of every random choice
   * @return an array of the same shape and dtype as {@code features}
   */
  NdArray apply(NdArray features, Random random);

  /**
   * This transform followed by {@code next}, both drawing from the same generator.
   *
   * @param next the transform applied to this one's output
   * @return the composition
   */
  default Transform andThen(Transform next) {
    checkNotNull(next, "andThen: next is null");
    return (features, random) -> next.apply(apply(features, random), random);
  }
}
