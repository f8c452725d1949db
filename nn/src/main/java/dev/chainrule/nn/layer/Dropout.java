package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Stochastic;

/**
 * Inverted dropout (Srivastava et al. 2014): in training mode each element is zeroed with probability
 * {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so evaluation needs no rescaling; in
 * evaluation mode it is the identity.
 *
 * <p>Mask number {@code n} (counting the training-mode forward calls from 0) is drawn from
 * {@code Stochastic.stream(seed, n)}, with the caller's seed, so a run is reproducible, and a resumed run
 * continues the sequence once the count is restored ({@link #restoreDraws}).
 */
public final class Dropout implements Module, Stochastic {
  private final double p;
  private final long seed;
  private long masks;

  private Dropout(double p, long seed) {
    this.p = p;
    this.seed = seed;
  }

  /**
   * Dropout with probability {@code p} in {@code [0, 1)}, masks drawn from streams seeded with {@code seed}.
   *
   * @param p the probability of zeroing an element, in {@code [0, 1)}
   * @param seed the seed of the mask streams
   * @return the layer
   */
  public static Dropout create(double p, long seed) {
    checkArgument(p >= 0 && p < 1, "dropout: p must be in [0, 1); got %s", p);
    return new Dropout(p, seed);
  }

  /** The number of masks drawn so far (training-mode forward calls with p above 0), or as restored. */
  @Override
  public long draws() {
    return masks;
  }

  @Override
  public void restoreDraws(long masks) {
    checkArgument(masks >= 0, "dropout.restoreDraws: the mask count must not be negative; got %s", masks);
    this.masks = masks;
  }

  @Override
  public Tensor forward(Tensor input) {
    if (!Mode.isTraining() || p == 0) {
      return input;
    }
    NdArray mask = NdArray.uniform(input.shape(), input.dtype(), 0, 1, Stochastic.stream(seed, masks++)).map(u -> u >= p ? 1 : 0);
    return withMask(input, mask);
  }

  /**
   * Applies a given 0/1 mask (shaped like {@code input}) with the {@code 1 / (1 - p)} scaling.
   *
   * @param input the input
   * @param mask 0 where an element is dropped, 1 where it is kept
   * @return the masked input scaled by {@code 1 / (1 - p)}
   */
  public Tensor withMask(Tensor input, NdArray mask) {
    checkArgument(
        mask.shape().equals(input.shape()), "dropout: mask shape %s differs from input shape %s", mask.shape(), input.shape());
    return input.mul(Tensor.of(mask.to(input.dtype()))).div(1 - p);
  }

  @Override
  public String toString() {
    return "Dropout(p=" + p + ")";
  }
}
