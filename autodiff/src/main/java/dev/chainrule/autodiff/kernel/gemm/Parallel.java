package dev.chainrule.autodiff.kernel.gemm;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Splits a product into chunks of {@code C} and runs them on the calling thread and helper threads.
 *
 * <p>A matrix is cut along its longer side ({@code n} columns or {@code m} rows) into one chunk per thread,
 * aligned to whole register tiles; a batch of at least as many matrices as threads is shared out one
 * matrix at a time instead. Threads claim chunks from a shared counter, so a thread that finishes early
 * takes the next chunk, and each thread packs into its own {@link Worker}'s buffers. ({@link Gemm}
 * decides how many threads a product is worth.)
 *
 * <p>The helpers come from one fixed pool of daemon threads, created on first use and sized to the cores
 * (or to {@code chainrule.threads}, when that asks for more) minus one, because the caller works too. It is
 * not {@code ForkJoinPool.commonPool()}: that pool has only {@code cores - 1} workers (one, on two cores),
 * is shared with parallel streams, and a caller blocked on it could wait behind unrelated tasks. Since
 * the caller claims chunks itself, a call always completes even when every helper is busy. Idle helpers
 * and a waiting caller poll briefly before they park ({@link SpinningQueue}).
 */
final class Parallel {
  /** One thread's way to compute a chunk, with buffers of its own. */
  interface Worker {
    /** Adds the product into the chunk's rectangle of {@code C}. */
    void run(Chunk chunk);
  }

  private Parallel() {}

  /** {@code value} rounded up to a multiple of {@code step}. */
  static int roundUp(int value, int step) {
    return (value + step - 1) / step * step;
  }

  /**
   * The chunks for computing {@code shape} on {@code parts} threads, aligned to whole tiles of
   * {@code tileRows × tileColumns}; none for an empty batch.
   */
  static List<Chunk> plan(GemmShape shape, int parts, int tileRows, int tileColumns) {
    if (shape.batch() == 0) {
      return List.of(); // nothing to compute, and no matrix to share the threads among
    }
    int perMatrix = parts <= shape.batch() ? 1 : (parts + shape.batch() - 1) / shape.batch();
    boolean byColumns = shape.n() >= shape.m();
    int extent = byColumns ? shape.n() : shape.m();
    int step = roundUp((extent + perMatrix - 1) / perMatrix, byColumns ? tileColumns : tileRows);
    List<Chunk> chunks = new ArrayList<>();
    for (int matrix = 0; matrix < shape.batch(); matrix++) {
      for (int from = 0; from < extent; from += step) {
        int to = Math.min(extent, from + step);
        chunks.add(byColumns ? new Chunk(matrix, 0, shape.m(), from, to) : new Chunk(matrix, from, to, 0, shape.n()));
      }
    }
    return chunks;
  }

  /**
   * Runs every chunk once, on the calling thread and up to {@code threads - 1} helpers, and waits for all.
   * Helper tasks that no helper started by then are taken off the pool's queue, so a finished call leaves
   * nothing queued that holds its operands.
   */
  static void run(List<Chunk> chunks, int threads, Supplier<Worker> workers) {
    Claims claims = new Claims(chunks, workers);
    Runnable[] helpers = new Runnable[Math.max(0, Math.min(threads, chunks.size()) - 1)];
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
  static int helperCount() {
    return Pool.EXECUTOR.getMaximumPoolSize();
  }

  /** Helper tasks waiting in the pool's queue, of every call in progress. */
  static int queuedHelperTasks() {
    return Pool.EXECUTOR.getQueue().size();
  }

  /** The chunks of one call and their progress, shared by the threads working on it. */
  private static final class Claims {
    private final List<Chunk> chunks;
    private final Supplier<Worker> workers;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Claims(List<Chunk> chunks, Supplier<Worker> workers) {
      this.chunks = chunks;
      this.workers = workers;
      this.done = new CountDownLatch(chunks.size());
    }

    /** Takes chunks until none is left; the worker, and its buffers, are made on the first claim. */
    void drain() {
      Worker worker = null;
      for (int i = next.getAndIncrement(); i < chunks.size(); i = next.getAndIncrement()) {
        try {
          worker = worker == null ? workers.get() : worker;
          worker.run(chunks.get(i));
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
      }
    }

    /** Waits for every chunk (polling briefly before it parks), then rethrows the first failure; an interrupt is kept for the caller. */
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
      if (t instanceof Error) {
        throw (Error) t;
      }
      if (t != null) {
        // wrapped, so the caller's own stack (matmul, the op, the user's code) is in the trace
        throw new IllegalStateException("matmul: a kernel thread failed: " + t, t);
      }
    }
  }

  /** The helper threads, created when first needed (class initialization is lazy and thread-safe). */
  private static final class Pool {
    static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(
        helpers(), helpers(), 0, TimeUnit.MILLISECONDS, new SpinningQueue(),
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat("chainrule-gemm-%d").build());

    /** One fewer than the cores, or than the configured threads when those are more. */
    private static int helpers() {
      int threads = Runtime.getRuntime().availableProcessors();
      try {
        threads = Math.max(threads, Kernels.configured().threads());
      } catch (IllegalArgumentException e) {
        // a malformed setting is reported by every product that uses it; the pool just keeps its default
      }
      return Math.max(1, threads - 1);
    }
  }
}
