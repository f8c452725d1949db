package dev.chainrule.nn;

/** A region of code on one thread in training or evaluation {@link Mode}; closing it restores the previous mode. */
public final class ModeScope implements AutoCloseable {
  /** One thread's mode and how many scopes are open on it. */
  static final class State {
    boolean training = true;
    int depth;
  }

  private final State state;
  private final boolean previous;
  private final int depth;
  private final Thread owner = Thread.currentThread();
  private boolean closed;

  private ModeScope(State state, boolean previous, int depth) {
    this.state = state;
    this.previous = previous;
    this.depth = depth;
  }

  static ModeScope open(State state, boolean training) {
    ModeScope scope = new ModeScope(state, state.training, ++state.depth);
    state.training = training;
    return scope;
  }

  /** Restores the previous mode; scopes must close innermost first. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("mode scope: must be closed on the thread that opened it (" + owner.getName() + ")");
    }
    if (state.depth != depth) {
      throw new IllegalStateException("mode scope: scopes must be closed innermost first (use try-with-resources)");
    }
    closed = true;
    state.depth--;
    state.training = previous;
  }
}
