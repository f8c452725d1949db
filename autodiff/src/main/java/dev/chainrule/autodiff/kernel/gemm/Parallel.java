package dev.chainrule.autodiff.kernel.gemm;

import dev.chainrule.autodiff.kernel.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits a product into chunks of {@code C} and runs them on the calling thread and the kernels' helper
 * threads ({@link Threads}).
 *
 * <p>A matrix is cut along its longer side ({@code n} columns or {@code m} rows) into one chunk per thread,
 * aligned to whole register tiles; a batch of at least as many matrices as threads is shared out one
 * matrix at a time instead. Threads claim chunks from a shared counter, so a thread that finishes early
 * takes the next chunk, and each thread packs into its own {@link Worker}'s buffers. ({@link Gemm}
 * decides how many threads a product is worth.)
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
   * Runs every chunk once, on the calling thread and up to {@code threads - 1} helpers ({@link Threads}),
   * and waits for all; each thread makes its worker on its first chunk.
   */
  static void run(List<Chunk> chunks, int threads, Supplier<Worker> workers) {
    Threads.run(chunks.size(), threads, () -> {
      Worker worker = workers.get();
      return i -> worker.run(chunks.get(i));
    });
  }
}
