package dev.chainrule.autodiff;

/**
 * A region of code on one thread in which graph recording is switched off (or back on); closing it
 * restores the previous state. Obtain one from {@link Autodiff#noGrad()} or {@link Autodiff#enableGrad()}
 * in a try-with-resources statement.
 */
public final class GradScope implements AutoCloseable {
  private final boolean[] flag;
  private final boolean previous;
  private final Thread owner;
  private boolean closed;

  GradScope(boolean[] flag, boolean previous) {
    this.flag = flag;
    this.previous = previous;
    this.owner = Thread.currentThread();
  }

  /** Restores the recording state that was in force when this scope opened; closing twice is harmless. */
  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "noGrad: a grad scope must be closed on the thread that opened it (" + owner.getName() + ")");
    }
    if (!closed) {
      closed = true;
      flag[0] = previous;
    }
  }
}
