package dev.chainrule.autodiff.kernel.gemm;

/**
 * One thread's packing buffers, kept from one product to the next so that a product allocates none.
 *
 * <p>Each thread gets its own (a {@link ThreadLocal}), so buffers are never shared and need no locking.
 * A buffer only grows, to the largest block the thread has packed: at most {@link Blocking#KC} ×
 * {@link Blocking#NC} elements plus a few panels per dtype, about 2 MB for float32 and 4 MB for float64.
 * Contents are scratch: every caller writes what it later reads.
 */
final class PackingBuffers {
  private static final ThreadLocal<PackingBuffers> OWN = ThreadLocal.withInitial(PackingBuffers::new);

  private float[] floatB = new float[0];
  private float[] floatEdge = new float[0];
  private double[] doubleB = new double[0];
  private double[] doubleEdge = new double[0];

  private PackingBuffers() {}

  /** The calling thread's buffers. */
  static PackingBuffers own() {
    return OWN.get();
  }

  /** A float32 buffer of at least {@code size} elements for packing blocks of {@code op(B)}. */
  float[] floatB(int size) {
    if (floatB.length < size) {
      floatB = new float[size];
    }
    return floatB;
  }

  /** A float32 buffer of at least {@code size} elements for edge tiles and panels. */
  float[] floatEdge(int size) {
    if (floatEdge.length < size) {
      floatEdge = new float[size];
    }
    return floatEdge;
  }

  /** The float64 twin of {@link #floatB(int)}. */
  double[] doubleB(int size) {
    if (doubleB.length < size) {
      doubleB = new double[size];
    }
    return doubleB;
  }

  /** The float64 twin of {@link #floatEdge(int)}. */
  double[] doubleEdge(int size) {
    if (doubleEdge.length < size) {
      doubleEdge = new double[size];
    }
    return doubleEdge;
  }
}
