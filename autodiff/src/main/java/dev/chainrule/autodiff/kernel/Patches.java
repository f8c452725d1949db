package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.SlidingWindow;

/**
 * Sliding-window patches of image batches: im2col ({@link #unfold}) and its adjoint col2im ({@link #fold}).
 *
 * <p>Entry {@code ((c·kH + i)·kW + j)·L + y·outW + x} of an image's columns reads pixel
 * {@code (c, y·sH − pH + i·dH, x·sW − pW + j·dW)}, or the zero padding. Both walk the same runs, one per
 * column row and patch row, computed once per call: whole copies when the stride across is 1.
 */
public final class Patches {
  private Patches() {}

  /**
   * The geometry of one image's patches, already checked by the calling op.
   *
   * @param channels C
   * @param height H, without padding
   * @param width W, without padding
   */
  private record Geometry(int channels, int height, int width, SlidingWindow w) {
    int outHeight() {
      return (int) w.outHeight(height); // checked by the op to fit
    }

    int outWidth() {
      return (int) w.outWidth(width);
    }

    /** L, the number of patches per image. */
    int patches() {
      return outHeight() * outWidth();
    }

    /** C·kH·kW, the length of one patch. */
    int patchSize() {
      return channels * w.kernelH() * w.kernelW();
    }

    int imageSize() {
      return channels * height * width;
    }

    /**
     * The copies between one image and its columns, a run per patch row: for column row
     * {@code (c·kH + i)·kW + j} and patch row {@code y}, triples (first pixel, first column entry, length)
     * of the entries that fall inside the image; consecutive entries of a run read pixels {@code strideW}
     * apart. Entries in the padding belong to no run (they stay zero, or are dropped).
     */
    int[] runs() {
      int outH = outHeight();
      int outW = outWidth();
      int[] runs = new int[3 * patchSize() * outH];
      int r = 0;
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < w.kernelH(); i++) {
          for (int j = 0; j < w.kernelW(); j++) {
            int entry = ((c * w.kernelH() + i) * w.kernelW() + j) * outH * outW;
            long shift = (long) j * w.dilationW() - w.paddingW(); // column of patch x: x·strideW + shift
            // the patches whose column is inside [0, width): first = ceil(-shift / sW), last = floor((width - 1 - shift) / sW)
            long first = Math.max(0, Math.floorDiv(-shift + w.strideW() - 1, w.strideW()));
            long last = Math.min(outW - 1L, Math.floorDiv(width - 1 - shift, w.strideW()));
            for (int y = 0; y < outH; y++, entry += outW) {
              long row = (long) y * w.strideH() - w.paddingH() + (long) i * w.dilationH(); // long: y·stride can pass 2^31 - 1
              if (row < 0 || row >= height || first > last) {
                continue;
              }
              runs[r++] = (int) ((c * height + row) * width + first * w.strideW() + shift);
              runs[r++] = entry + (int) first;
              runs[r++] = (int) (last - first + 1);
            }
          }
        }
      }
      return java.util.Arrays.copyOf(runs, r);
    }
  }

  /** The columns {@code [N, C·kH·kW, L]} of images {@code [N, C, H, W]}; padding reads as zero. */
  public static NdArray unfold(NdArray x, SlidingWindow window) {
    Shape s = x.shape();
    return unfold(x.storage(), new Geometry(s.dim(1), s.dim(2), s.dim(3), window));
  }

  private static NdArray unfold(Storage images, Geometry g) {
    int batch = images.shape().dim(0);
    int[] runs = g.runs();
    int per = g.patchSize() * g.patches();
    int image = g.imageSize();
    int step = g.w().strideW();
    Shape shape = Shape.of(batch, g.patchSize(), g.patches());
    if (images.dtype() == DType.FLOAT64) {
      double[] in = images.f64();
      double[] out = new double[batch * per];
      Threads.ranges(batch, Threads.forElements((long) batch * per), (first, last) -> {
        for (int n = first; n < last; n++) {
          for (int r = 0; r < runs.length; r += 3) {
            int from = n * image + runs[r];
            int to = n * per + runs[r + 1];
            if (step == 1) {
              System.arraycopy(in, from, out, to, runs[r + 2]);
            } else {
              for (int k = 0; k < runs[r + 2]; k++) {
                out[to + k] = in[from + k * step];
              }
            }
          }
        }
      });
      return Storage.array(shape, out);
    }
    float[] in = images.f32();
    float[] out = new float[batch * per];
    Threads.ranges(batch, Threads.forElements((long) batch * per), (first, last) -> {
      for (int n = first; n < last; n++) {
        for (int r = 0; r < runs.length; r += 3) {
          int from = n * image + runs[r];
          int to = n * per + runs[r + 1];
          if (step == 1) {
            System.arraycopy(in, from, out, to, runs[r + 2]);
          } else {
            for (int k = 0; k < runs[r + 2]; k++) {
              out[to + k] = in[from + k * step];
            }
          }
        }
      }
    });
    return Storage.array(shape, out);
  }

  /** The images {@code [N, C, height, width]} whose pixels are the sums of their copies in columns {@code x}. */
  public static NdArray fold(NdArray x, int height, int width, SlidingWindow window) {
    int channels = (int) (x.shape().dim(1) / ((long) window.kernelH() * window.kernelW())); // kH·kW can pass 2^31 - 1
    return fold(x.storage(), new Geometry(channels, height, width, window));
  }

  private static NdArray fold(Storage columns, Geometry g) {
    int batch = columns.shape().dim(0);
    int[] runs = g.runs();
    int per = g.patchSize() * g.patches();
    int image = g.imageSize();
    int step = g.w().strideW();
    Shape shape = Shape.of(batch, g.channels(), g.height(), g.width());
    if (columns.dtype() == DType.FLOAT64) {
      double[] in = columns.f64();
      double[] out = new double[batch * image];
      Threads.ranges(batch, Threads.forElements((long) batch * per), (first, last) -> {
        for (int n = first; n < last; n++) {
          for (int r = 0; r < runs.length; r += 3) {
            int to = n * image + runs[r];
            int from = n * per + runs[r + 1];
            for (int k = 0; k < runs[r + 2]; k++) {
              out[to + k * step] += in[from + k];
            }
          }
        }
      });
      return Storage.array(shape, out);
    }
    float[] in = columns.f32();
    float[] out = new float[batch * image];
    Threads.ranges(batch, Threads.forElements((long) batch * per), (first, last) -> {
      for (int n = first; n < last; n++) {
        for (int r = 0; r < runs.length; r += 3) {
          int to = n * image + runs[r];
          int from = n * per + runs[r + 1];
          for (int k = 0; k < runs[r + 2]; k++) {
            out[to + k * step] += in[from + k];
          }
        }
      }
    });
    return Storage.array(shape, out);
  }
}
