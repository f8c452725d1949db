package dev.chainrule.autodiff.kernel;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.chainrule.autodiff.kernel.gemm.Gemm;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The helper threads every kernel shares, and the one way to run a kernel's independent tasks on them: the
 * calling thread and up to {@code threads - 1} helpers claim task numbers from a shared counter until none
 * is left, so a thread that finishes early takes the next task.
 *
 * <p>The helpers come from one fixed pool of daemon threads, created on first use and sized to the cores
 * (or to {@code chainrule.threads}, when that asks for more) minus one, because the caller works too. It is
 * not {@code ForkJoinPool.commonPool()}: that pool has only {@code cores - 1} workers (one, on two cores),
 * is shared with parallel streams, and a caller blocked on it could wait behind unrelated tasks. Since
 * the caller claims tasks itself, a call always completes even when every helper is busy. Idle helpers
 * and a waiting caller poll briefly before they park ({@link SpinningQueue}).
 */
public final class Threads {
  /**
   * Elements a loop must give each thread before it is split, about 15-30 µs of one core's memory-bound
   * work: a smaller loop finishes before a helper would have taken its share.
   */
  public static final int ELEMENTS_PER_THREAD = 1 << 15;

  private Threads() {}

  /** The most threads one kernel call may use, from {@code chainrule.threads} (every core by default). */
  public static int configured() {
    return Gemm.configuredThreads();
  }

  /**
   * How many threads a loop over {@code elements} elements is worth: one per {@link #ELEMENTS_PER_THREAD},
   * at most {@link #configured()} (which a loop too small to split never reads).
   *
   * @throws IllegalArgumentException for a loop large enough to split, when a kernel property has a
   *     malformed value (naming it), as every product does
   */
  public static int forElements(long elements) {
    long wanted = elements / ELEMENTS_PER_THREAD;
    return wanted < 2 ? 1 : (int) Math.min(configured(), wanted);
  }

  /**
   * Runs {@code body(from, to)} over {@code [0, count)} cut into one range per thread on {@code threads}
   * threads (the caller's included); on one thread, or for fewer items than threads, it is one call on the
   * calling thread. The ranges must be independent: each writes its own part of the output.
   */
  public static void ranges(int count, int threads, Range body) {
    int parts = Math.min(threads, count);
    if (parts <= 1) {
      body.run(0, count);
      return;
    }
    run(parts, parts, () -> part -> body.run(
        (int) ((long) count * part / parts), (int) ((long) count * (part + 1) / parts)));
  }

  /** A loop over a range of items. */
  @FunctionalInterface
  public interface Range {
    /** Runs the items {@code from} (inclusive) to {@code to} (exclusive). */
    void run(int from, int to);
  }

  /**
   * Runs every task {@code 0 … tasks − 1} once, on the calling thread and up to {@code threads − 1}
   * helpers, and waits for all. Each thread that claims a task first takes a body from {@code bodies}
   * (buffers of its own, for instance). Helper tasks that no helper started by then are taken off the
   * pool's queue, so a finished call leaves nothing queued that holds its operands. A failure in any task
   * is rethrown to the caller (wrapped when a helper ran it) once every task has ended.
   */
  public static void run(int tasks, int threads, Supplier<IntConsumer> bodies) {
    Claims claims = new Claims(tasks, bodies);
    Runnable[] helpers = new Runnable[Math.max(0, Math.min(threads, tasks) - 1)];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = claims::drain;
      Pool.EXECUTOR.execute(helpers[i]);
    }
    try {
      claims.drain();
      claims.await();
    } finally {
      for (Runnable helper : helpers) {
        Pool.EXECUTOR.remove(helper);
      }
    }
  }

  /** The number of helper threads in the pool. */
  public static int helperCount() {
    return Pool.EXECUTOR.getMaximumPoolSize();
  }

  /** Helper tasks waiting in the pool's queue, of every call in progress. */
  public static int queuedHelperTasks() {
    return Pool.EXECUTOR.getQueue().size();
  }

  /** The tasks of one call and their progress, shared by the threads working on it. */
  private static final class Claims {
    private final int tasks;
    private final Supplier<IntConsumer> bodies;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread caller = Thread.currentThread();

    Claims(int tasks, Supplier<IntConsumer> bodies) {
      this.tasks = tasks;
      this.bodies = bodies;
      this.done = new CountDownLatch(tasks);
    }

    /** Takes tasks until none is left; the body is made on the first claim. */
    void drain() {
      IntConsumer body = null;
      for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
        try {
          body = body == null ? bodies.get() : body;
          body.accept(i);
        } catch (Throwable t) {
          failure.compareAndSet(null, Thread.currentThread() == caller ? t : new HelperFailure(t));
        } finally {
          done.countDown();
        }
      }
    }

    /** Waits for every task (polling briefly before it parks), then rethrows the first failure; an interrupt is kept for the caller. */
    void await() {
      long end = System.nanoTime() + SpinningQueue.SPIN_NANOS;
      while (done.getCount() > 0 && System.nanoTime() - end < 0) {
        Thread.onSpinWait();
      }
      boolean interrupted = false;
      while (done.getCount() > 0) {
        try {
          done.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable t = failure.get();
      if (t instanceof HelperFailure) {
        t = t.getCause();
        if (!(t instanceof Error)) {
          // wrapped, so the caller's own stack (the op, the user's code) is in the trace
          throw new IllegalStateException("kernel: a helper thread failed: " + t, t);
        }
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }
  }

  /** Marks a failure that happened on a helper thread, whose stack lacks the caller's. */
  private static final class HelperFailure extends RuntimeException {
    private static final long serialVersionUID = 1L; // never serialized; the field only fixes the id javac asks for

    HelperFailure(Throwable cause) {
      super(cause);
    }
  }

  /** The helper threads, created when first needed (class initialization is lazy and thread-safe). */
  private static final class Pool {
    static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(
        helpers(), helpers(), 0, TimeUnit.MILLISECONDS, new SpinningQueue(),
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("chainrule-kernel-%d").build());

    /** One fewer than the cores, or than the configured threads when those are more. */
    private static int helpers() {
      int threads = Runtime.getRuntime().availableProcessors();
      try {
        threads = Math.max(threads, configured());
      } catch (IllegalArgumentException e) {
        // a malformed setting is reported by every product that uses it; the pool just keeps its default
      }
      return Math.max(1, threads - 1);
    }
  }
}
