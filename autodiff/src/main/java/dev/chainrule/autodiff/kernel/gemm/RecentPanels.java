package dev.chainrule.autodiff.kernel.gemm;

import java.lang.ref.WeakReference;

/**
 * The last few blocks of {@code op(B)} one thread packed, so that a product whose {@code B} is the same
 * array as a recent one's reuses its panels instead of packing them again. A recurrent layer multiplies
 * by the same weights at every step; packing a transposed {@code [512, 128]} weight took about as long as
 * the product by a 32-row input it was packed for.
 *
 * <p>Safe because arrays are values: a kernel writes an array only before it wraps it in an
 * {@code NdArray}, and nothing writes it afterwards, so the same array with the same block coordinates
 * always packs to the same panels. Sources are held weakly, so remembering a block never keeps an array
 * alive. At most {@link #SIZE} blocks are kept; each owns a buffer of at most {@link Blocking#KC} ×
 * {@link Blocking#NC} elements.
 */
final class RecentPanels {
  /** Blocks remembered per thread: a recurrent step's input and hidden weights, with room to spare. */
  static final int SIZE = 4;

  /** Where a packed block came from: the array and the block's coordinates and panel width. */
  private static final class Entry {
    WeakReference<Object> source = new WeakReference<>(null);
    int offset;
    int indexStride;
    int depthStride;
    int from;
    int count;
    int depth;
    int kc;
    int width;
    Object panels;
    long lastUse;

    boolean holds(Object array, int offset, int indexStride, int depthStride, int from, int count, int depth, int kc, int width) {
      return source.get() == array && this.offset == offset && this.indexStride == indexStride
          && this.depthStride == depthStride && this.from == from && this.count == count && this.depth == depth
          && this.kc == kc && this.width == width;
    }
  }

  private final Entry[] entries = new Entry[SIZE];
  private long clock;

  RecentPanels() {
    for (int i = 0; i < SIZE; i++) {
      entries[i] = new Entry();
    }
  }

  /**
   * The panels of indices {@code [from, from + count)} × depths {@code [depth, depth + kc)} of {@code source}
   * (read as {@link Packing#pack} reads it), packed {@code width} wide by {@code kernel} (every kernel packs
   * the same panels): remembered ones when this thread packed exactly that block of that array among its
   * last {@link #SIZE}, else freshly packed into the least recently used buffer.
   */
  <A> A packed(Precision<A> precision, MicroKernel kernel, A source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width) {
    clock++;
    Entry oldest = entries[0];
    for (Entry e : entries) {
      if (e.holds(source, offset, indexStride, depthStride, from, count, depth, kc, width)) {
        e.lastUse = clock;
        @SuppressWarnings("unchecked") // an entry's panels have its source's array type
        A panels = (A) e.panels;
        return panels;
      }
      if (e.lastUse < oldest.lastUse) {
        oldest = e;
      }
    }
    int size = Parallel.roundUp(count, width) * kc;
    @SuppressWarnings("unchecked") // checked by the class test below before the cast is used
    A buffer = oldest.panels != null && oldest.panels.getClass() == source.getClass()
        && precision.length((A) oldest.panels) >= size ? (A) oldest.panels : precision.allocate(size);
    oldest.source = new WeakReference<>(null); // not valid while being packed
    precision.pack(kernel, source, offset, indexStride, depthStride, from, count, depth, kc, width, buffer, 0);
    oldest.source = new WeakReference<>(source);
    oldest.offset = offset;
    oldest.indexStride = indexStride;
    oldest.depthStride = depthStride;
    oldest.from = from;
    oldest.count = count;
    oldest.depth = depth;
    oldest.kc = kc;
    oldest.width = width;
    oldest.panels = buffer;
    oldest.lastUse = clock;
    return buffer;
  }
}
