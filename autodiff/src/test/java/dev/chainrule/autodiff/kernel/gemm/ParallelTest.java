package dev.chainrule.autodiff.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.kernel.Threads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** How products are cut into chunks and which threads compute them. */
class ParallelTest {

  @Property(tries = 200)
  void chunksCoverEveryElementOfCExactlyOnce(
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 0, max = 300) int m,
      @ForAll @IntRange(min = 0, max = 300) int n,
      @ForAll @IntRange(min = 1, max = 5) int parts) {
    int[] covered = new int[batch * m * n];
    for (Chunk chunk : Parallel.plan(new GemmShape(batch, m, n, 1, false, false), parts, 4, 16)) {
      for (int i = chunk.rowFrom(); i < chunk.rowTo(); i++) {
        for (int j = chunk.columnFrom(); j < chunk.columnTo(); j++) {
          covered[chunk.matrix() * m * n + i * n + j]++;
        }
      }
    }
    for (int count : covered) {
      assertEquals(1, count);
    }
  }

  @Example
  void oneThreadComputesEveryChunkOnTheCallingThreadWithOneWorker() {
    List<Chunk> chunks = Parallel.plan(new GemmShape(8, 64, 64, 64, false, false), 1, 4, 16);
    Map<Chunk, Thread> ranOn = new ConcurrentHashMap<>();
    AtomicInteger workers = new AtomicInteger();
    Parallel.run(chunks, 1, () -> {
      workers.incrementAndGet();
      return chunk -> ranOn.put(chunk, Thread.currentThread());
    });
    assertEquals(8, ranOn.size());
    assertEquals(Set.of(Thread.currentThread()), Set.copyOf(ranOn.values()));
    assertEquals(1, workers.get());
  }

  @Example
  void twoThreadsComputeEachChunkOnceWithAWorkerPerThread() {
    List<Chunk> chunks = Parallel.plan(new GemmShape(16, 64, 64, 64, false, false), 2, 4, 16);
    Map<Chunk, Thread> ranOn = new ConcurrentHashMap<>();
    Map<Parallel.Worker, Thread> ownerOf = new ConcurrentHashMap<>();
    AtomicInteger runs = new AtomicInteger();
    Parallel.run(chunks, 2, () -> new Parallel.Worker() {
      @Override
      public void run(Chunk chunk) {
        assertSame(Thread.currentThread(), ownerOf.computeIfAbsent(this, w -> Thread.currentThread()));
        ranOn.put(chunk, Thread.currentThread());
        runs.incrementAndGet();
      }
    });
    assertEquals(16, runs.get());
    assertEquals(16, ranOn.size());
    assertTrue(Set.copyOf(ranOn.values()).size() <= 2);
  }

  @Example
  void aFailureInAHelperThreadReachesTheCaller() {
    List<Chunk> chunks = Parallel.plan(new GemmShape(4, 8, 8, 8, false, false), 2, 4, 16);
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.run(chunks, 2, () -> chunk -> {
      if (chunk.matrix() == 3) {
        throw new IllegalStateException("chunk 3 failed");
      }
    }));
    // thrown as is when the caller ran the chunk, wrapped (naming matmul) when a helper did
    assertTrue(thrown.getMessage().contains("chunk 3 failed"), thrown.getMessage());
  }

  @Example
  void aFinishedCallLeavesNoHelperTaskQueuedWhenEveryHelperIsBusy() throws InterruptedException {
    int helpers = Threads.helperCount();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger waiting = new AtomicInteger();
    List<Chunk> slowChunks = Parallel.plan(new GemmShape(helpers + 1, 4, 4, 4, false, false), helpers + 1, 4, 16);
    Thread busy = new Thread(() -> Parallel.run(slowChunks, helpers + 1, () -> chunk -> {
      waiting.incrementAndGet();
      awaitUninterruptibly(release);
    }));
    busy.start();
    try {
      while (waiting.get() < helpers + 1) {
        Thread.sleep(1);
      }
      AtomicInteger runs = new AtomicInteger();
      Parallel.run(Parallel.plan(new GemmShape(4, 8, 8, 8, false, false), 2, 4, 16), 2, () -> chunk -> runs.incrementAndGet());
      assertEquals(4, runs.get());
      assertEquals(0, Threads.queuedHelperTasks());
    } finally {
      release.countDown();
      busy.join();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Example
  void smallProductsAreNotWorthASecondThread() {
    assertEquals(1, Gemm.threadsFor(new GemmShape(1, 64, 64, 64, false, false), 2));
    assertEquals(1, Gemm.threadsFor(new GemmShape(1, 64, 784, 128, false, false), 2));
    assertEquals(2, Gemm.threadsFor(new GemmShape(1, 256, 256, 256, false, false), 2));
    assertEquals(1, Gemm.threadsFor(new GemmShape(1, 1024, 1024, 1024, false, false), 1));
  }
}
