package dev.chainrule.autodiff.kernel;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The helper pool's task queue: a helper that finds it empty polls it for {@link #SPIN_NANOS} before it
 * parks, so the next task of a quick sequence (the products and loops of a training step) reaches a
 * running helper within a microsecond instead of waking a parked one (35-100 µs on the two-core VM
 * measured). The cost is at most that long of one core's time after each task, as OpenMP runtimes spend.
 */
final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
  // never serialized: the queue lives inside a pool; the field only fixes the id javac asks for
  private static final long serialVersionUID = 1L;

  /** How long an idle helper, or a caller waiting for its helpers, polls before it parks. */
  static final long SPIN_NANOS = 200_000;

  @Override
  public Runnable take() throws InterruptedException {
    long end = System.nanoTime() + SPIN_NANOS;
    do {
      Runnable task = poll();
      if (task != null) {
        return task;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - end < 0);
    return super.take();
  }
}
