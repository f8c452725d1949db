package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkElementIndex;

import java.util.Arrays;

/**
 * Which inputs of an op need a gradient in this backward pass: those from which a requested gradient can
 * be reached (PyTorch's {@code output_mask}). The engine computes it once per node from the graph it
 * sorted; a rule skips the gradients of the other inputs (a batch of data, a constant bias).
 */
public final class Needed {
  private static final Needed[] SINGLES = {new Needed(new boolean[] {false}), new Needed(new boolean[] {true})};
  private static final Needed[] PAIRS = {
    new Needed(new boolean[] {false, false}), new Needed(new boolean[] {true, false}),
    new Needed(new boolean[] {false, true}), new Needed(new boolean[] {true, true}),
  };

  private final boolean[] needed;

  private Needed(boolean[] needed) {
    this.needed = needed;
  }

  /**
   * The mask with these flags, one per input.
   *
   * @param needed one flag per input, true where the input needs its gradient; copied
   * @return the mask
   */
  public static Needed of(boolean... needed) {
    if (needed.length == 1) {
      return of(needed[0]);
    }
    if (needed.length == 2) {
      return of(needed[0], needed[1]);
    }
    return new Needed(needed.clone());
  }

  /**
   * The mask of a one-input op (shared instances: no allocation).
   *
   * @param needed whether the input needs its gradient
   * @return the shared mask
   */
  public static Needed of(boolean needed) {
    return SINGLES[needed ? 1 : 0];
  }

  /**
   * The mask of a two-input op (shared instances: no allocation).
   *
   * @param a whether the first input needs its gradient
   * @param b whether the second input needs its gradient
   * @return the shared mask
   */
  public static Needed of(boolean a, boolean b) {
    return PAIRS[(a ? 1 : 0) + (b ? 2 : 0)];
  }

  /**
   * Every one of {@code count} inputs needs its gradient.
   *
   * @param count the number of inputs
   * @return a mask with every flag set
   */
  public static Needed all(int count) {
    boolean[] flags = new boolean[count];
    Arrays.fill(flags, true);
    return of(flags);
  }

  /**
   * Whether input {@code index} needs a gradient.
   *
   * @param index the input, in {@code [0, size())}
   * @return true if that input needs its gradient
   */
  public boolean get(int index) {
    checkElementIndex(index, needed.length, "Needed.get: input index");
    return needed[index];
  }

  /**
   * The number of inputs.
   *
   * @return the number of inputs the mask covers
   */
  public int size() {
    return needed.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Needed && Arrays.equals(needed, ((Needed) o).needed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(needed);
  }

  @Override
  public String toString() {
    return "Needed" + Arrays.toString(needed);
  }
}
