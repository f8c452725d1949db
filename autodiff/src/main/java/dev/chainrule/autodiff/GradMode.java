package dev.chainrule.autodiff;

/**
 * Whether operations on the current thread record the graph. Thread-confined: each thread has its own
 * state, so no-grad on one thread never affects another. Scopes nest and must close in reverse order.
 */
final class GradMode {
  /** One thread's recording flag and how many scopes are open on it. */
  static final class State {
    boolean enabled = true;
    int depth;
    /** The open forward-mode computation, or null. */
    ForwardMode.Level forward;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private GradMode() {}

  static boolean isEnabled() {
    return STATE.get().enabled;
  }

  /** This thread's state. */
  static State state() {
    return STATE.get();
  }

  /** Sets the flag for this thread and returns a scope that restores the previous value when closed. */
  static GradScope set(boolean enabled) {
    State state = STATE.get();
    GradScope scope = new GradScope(state, state.enabled, ++state.depth);
    state.enabled = enabled;
    return scope;
  }
}
