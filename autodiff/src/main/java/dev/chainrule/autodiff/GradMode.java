package dev.chainrule.autodiff;

/**
 * Whether operations on the current thread record the graph. Thread-confined: each thread has its own
 * flag, so no-grad on one thread never affects another.
 */
final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Sets the flag for this thread and returns a scope that restores the previous value when closed. */
  static GradScope set(boolean enabled) {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = enabled;
    return new GradScope(flag, previous);
  }
}
