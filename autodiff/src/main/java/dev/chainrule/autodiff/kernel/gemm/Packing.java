package dev.chainrule.autodiff.kernel.gemm;

import java.util.Arrays;

/**
 * Copies a block of an operand into zero-padded panels, the layout the {@link MicroKernel}s read.
 *
 * <p>An operand is read through two strides, so a transposed operand is packed straight from its
 * storage and never materialized. A row panel of {@code op(A)} and a column panel of {@code op(B)} are
 * the same thing seen from the depth axis: {@code width} consecutive indices (rows of A, columns of B)
 * for each depth {@code p}, stored at {@code panel·width·kc + p·width + w}. The last panel is padded with
 * zeros to the full width, so edge tiles run the same unmasked loop as interior ones.
 *
 * <p>The loop order follows the storage: when consecutive indices are adjacent in memory (A transposed,
 * B not) a panel is copied one depth at a time, otherwise four indices at a time (four sequential reads,
 * one write of four adjacent entries per depth; one index at a time wrote a cache line per element).
 * Each panel is its own call, a small method called often, which the JIT compiles early.
 */
final class Packing {
  private Packing() {}

  /**
   * Packs indices {@code [from, from + count)} × depths {@code [depth, depth + kc)} of the matrix whose
   * element {@code (index, depth)} is at {@code offset + index·indexStride + depth·depthStride}, into
   * {@code into} from position {@code at}.
   */
  static void pack(
      float[] source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, float[] into, int at) {
    for (int first = 0; first < count; first += width) {
      int start = offset + (from + first) * indexStride + depth * depthStride;
      panel(source, start, indexStride, depthStride, Math.min(width, count - first), kc, width, into, at + first * kc);
    }
  }

  private static void panel(
      float[] source, int start, int indexStride, int depthStride,
      int valid, int kc, int width, float[] into, int at) {
    if (indexStride == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(source, start + p * depthStride, into, at + p * width, valid);
      }
    } else {
      int w = 0;
      for (; w + 4 <= valid; w += 4) {
        // four indices at once: four sequential reads, one 4-element write per depth
        int s = start + w * indexStride;
        for (int p = 0, o = at + w, d = 0; p < kc; p++, o += width, d += depthStride) {
          into[o] = source[s + d];
          into[o + 1] = source[s + indexStride + d];
          into[o + 2] = source[s + 2 * indexStride + d];
          into[o + 3] = source[s + 3 * indexStride + d];
        }
      }
      for (; w < valid; w++) {
        for (int p = 0, s = start + w * indexStride; p < kc; p++) {
          into[at + p * width + w] = source[s + p * depthStride];
        }
      }
    }
    for (int p = 0; valid < width && p < kc; p++) {
      Arrays.fill(into, at + p * width + valid, at + (p + 1) * width, 0f);
    }
  }

  /** The float64 twin of {@link #pack(float[], int, int, int, int, int, int, int, int, float[], int)}. */
  static void pack(
      double[] source, int offset, int indexStride, int depthStride,
      int from, int count, int depth, int kc, int width, double[] into, int at) {
    for (int first = 0; first < count; first += width) {
      int start = offset + (from + first) * indexStride + depth * depthStride;
      panel(source, start, indexStride, depthStride, Math.min(width, count - first), kc, width, into, at + first * kc);
    }
  }

  private static void panel(
      double[] source, int start, int indexStride, int depthStride,
      int valid, int kc, int width, double[] into, int at) {
    if (indexStride == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(source, start + p * depthStride, into, at + p * width, valid);
      }
    } else {
      int w = 0;
      for (; w + 4 <= valid; w += 4) {
        // four indices at once: four sequential reads, one 4-element write per depth
        int s = start + w * indexStride;
        for (int p = 0, o = at + w, d = 0; p < kc; p++, o += width, d += depthStride) {
          into[o] = source[s + d];
          into[o + 1] = source[s + indexStride + d];
          into[o + 2] = source[s + 2 * indexStride + d];
          into[o + 3] = source[s + 3 * indexStride + d];
        }
      }
      for (; w < valid; w++) {
        for (int p = 0, s = start + w * indexStride; p < kc; p++) {
          into[at + p * width + w] = source[s + p * depthStride];
        }
      }
    }
    for (int p = 0; valid < width && p < kc; p++) {
      Arrays.fill(into, at + p * width + valid, at + (p + 1) * width, 0.0);
    }
  }
}
