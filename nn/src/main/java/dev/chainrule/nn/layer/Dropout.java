package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Module;
import java.util.Random;

/**
 * Inverted dropout (Srivastava et al. 2014): in training mode each element is zeroed with probability
 * {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so evaluation needs no rescaling; in
 * evaluation mode it is the identity.
 *
 * <p>The masks come from the layer's own generator, seeded by the caller, so a run is reproducible.
 */
public final class Dropout implements Module {
  private final double p;
  private final Random random;

  private Dropout(double p, Random random) {
    this.p = p;
    this.random = random;
  }

  /** Dropout with probability {@code p} in {@code [0, 1)}, masks drawn from a generator seeded with {@code seed}. */
  public static Dropout create(double p, long seed) {
    checkArgument(p >= 0 && p < 1, "dropout: p must be in [0, 1); got %s", p);
    return new Dropout(p, new Random(seed));
  }

  @Override
  public Tensor forward(Tensor input) {
    if (!Mode.isTraining() || p == 0) {
      return input;
    }
    NdArray mask = NdArray.uniform(input.shape(), input.dtype(), 0, 1, random).map(u -> u >= p ? 1 : 0);
    return withMask(input, mask);
  }

  /** Applies a given 0/1 mask (shaped like {@code input}) with the {@code 1 / (1 - p)} scaling. */
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
