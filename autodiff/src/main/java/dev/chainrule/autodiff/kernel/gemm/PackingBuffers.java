package dev.chainrule.autodiff.kernel.gemm;

import java.util.HashMap;
import java.util.Map;

/**
 * One thread's packing buffers, kept from one product to the next so that a product allocates none.
 *
 * <p>Each thread gets its own (a {@link ThreadLocal}), so buffers are never shared and need no locking.
 * A buffer only grows, to the largest block the thread has packed: at most {@link Blocking#KC} ×
 * {@link Blocking#NC} elements plus a few panels per dtype, about 2 MB for float32 and 4 MB for float64,
 * and {@link RecentPanels#SIZE} such blocks of {@code op(B)}. Edge buffers are scratch: every caller writes
 * what it later reads.
 */
final class PackingBuffers {
  private static final ThreadLocal<PackingBuffers> OWN = ThreadLocal.withInitial(PackingBuffers::new);

  private final RecentPanels recentB = new RecentPanels();
  private final Map<Precision<?>, Object> edge = new HashMap<>();

  private PackingBuffers() {}

  /** The calling thread's buffers. */
  static PackingBuffers own() {
    return OWN.get();
  }

  /** The blocks of {@code op(B)} this thread packed last, which a product with the same {@code B} reuses. */
  RecentPanels recentB() {
    return recentB;
  }

  /** A buffer of at least {@code size} elements of {@code precision} for edge tiles and panels. */
  <A> A edge(Precision<A> precision, int size) {
    return atLeast(edge, precision, size);
  }

  /** The buffer of {@code precision} kept in {@code buffers}, replaced by a larger one when shorter than {@code size}. */
  @SuppressWarnings("unchecked") // each entry is keyed by the precision of its array type
  private static <A> A atLeast(Map<Precision<?>, Object> buffers, Precision<A> precision, int size) {
    A buffer = (A) buffers.get(precision);
    if (buffer == null || precision.length(buffer) < size) {
      buffer = precision.allocate(size);
      buffers.put(precision, buffer);
    }
    return buffer;
  }
}
