package dev.chainrule.autodiff;

/**
 * Whether operations on the current thread record the graph, and whether they detect anomalies.
 * Thread-confined: each thread has its own state, so a scope on one thread never affects another. Scopes
 * nest and must close in reverse order.
 */
final class GradMode {
  /** One thread's flags and how many scopes are open on it. */
  static final class State {
    boolean enabled = true;
    boolean anomaly;
    int depth;
    /** The open forward-mode computation, or null. */
    ForwardMode.Level forward;
    /** How many vmaps are open, and the ops that ran as a loop inside one (said once each). */
    int vmapDepth;
    final java.util.Set<String> vmapFallbacks = new java.util.HashSet<>();
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private GradMode() {}

  /** This thread's flags, read once by an operation that needs both. */
  static State state() {
    return STATE.get();
  }

  static boolean isEnabled() {
    return STATE.get().enabled;
  }

  /** Sets the recording flag for this thread and returns a scope that restores the previous flags when closed. */
  static GradScope set(boolean enabled) {
    return set(enabled, STATE.get().anomaly);
  }

  /** Sets both flags for this thread and returns a scope that restores the previous ones when closed. */
  static GradScope set(boolean enabled, boolean anomaly) {
    State state = STATE.get();
    GradScope scope = new GradScope(state, state.enabled, state.anomaly, ++state.depth);
    state.enabled = enabled;
    state.anomaly = anomaly;
    return scope;
  }
}
