package dev.chainrule.nn;

import java.util.Random;

/**
 * Something that draws random numbers (a shuffling data loader, a dropout layer) and can be put back to
 * any point of its sequence, so that a resumed training run draws exactly what an uninterrupted one would.
 *
 * <p>The randomness is not the state of one long-lived generator (whose state {@link Random} does not
 * expose) but a function of the caller's seed and a counter: draw number {@code n} uses
 * {@link #stream stream(seed, n)}. Saving the counter ({@link #draws}) and setting it back
 * ({@link #restoreDraws}) is therefore all a checkpoint needs.
 */
public interface Stochastic {
  /**
   * The number of draws made so far (epochs shuffled, masks drawn): the position in the sequence.
   *
   * @return the number of draws, non-negative
   */
  long draws();

  /**
   * Continues the sequence at position {@code draws}, as after that many draws from a fresh object.
   *
   * @param draws the position to continue at, non-negative
   * @throws IllegalArgumentException if {@code draws} is negative
   */
  void restoreDraws(long draws);

  /**
   * The generator for draw {@code index} of the sequence seeded by {@code seed}: a {@link Random} seeded
   * with a SplitMix64 mix of the two, so neighbouring seeds and indices give unrelated streams.
   *
   * @param seed the seed of the sequence
   * @param index the position of the draw in the sequence
   * @return a new generator for that draw
   */
  static Random stream(long seed, long index) {
    return new Random(mix(mix(seed) + index));
  }

  /** The SplitMix64 finalizer (Steele, Lea and Flood 2014). */
  private static long mix(long z) {
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
