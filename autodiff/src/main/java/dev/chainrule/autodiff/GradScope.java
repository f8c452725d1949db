package dev.chainrule.autodiff;

/**
 * A region of code on one thread in which graph recording is switched off (or back on), or anomalies are
 * detected; closing it restores the previous state. Obtain one from {@link Autodiff#noGrad()},
 * {@link Autodiff#enableGrad()} or {@link Autodiff#detectAnomaly()} in a try-with-resources statement.
 * Nested scopes must close innermost first.
 */
public final class GradScope implements AutoCloseable {
  private final GradMode.State state;
  private final boolean previous;
  private final boolean previousAnomaly;
  private final int depth;
  private final Thread owner;
  private boolean closed;

  GradScope(GradMode.State state, boolean previous, boolean previousAnomaly, int depth) {
    this.state = state;
    this.previous = previous;
    this.previousAnomaly = previousAnomaly;
    this.depth = depth;
    this.owner = Thread.currentThread();
  }

  /** Restores the state that was in force when this scope opened; closing twice is harmless. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "grad scope: must be closed on the thread that opened it (" + owner.getName() + ")");
    }
    if (state.depth != depth) {
      throw new IllegalStateException(
          "grad scope: scopes must be closed innermost first; this one was opened at depth " + depth
              + " but " + state.depth + " are open (use try-with-resources)");
    }
    closed = true;
    state.depth--;
    state.enabled = previous;
    state.anomaly = previousAnomaly;
  }
}
