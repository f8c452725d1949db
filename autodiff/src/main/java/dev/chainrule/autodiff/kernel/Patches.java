package dev.chainrule.autodiff.kernel;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.SlidingWindow;

/**
 * Sliding-window patches of image batches: im2col ({@link #unfold}) and its adjoint col2im ({@link #fold}).
 *
 * <p>Both walk one map from column entries to image positions, computed once per image geometry: entry
 * {@code ((c·kH + i)·kW + j)·L + y·outW + x} of an image's columns reads pixel
 * {@code (c, y·sH − pH + i·dH, x·sW − pW + j·dW)}, or the zero padding ({@code -1}).
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

    /** For each column entry of one image, its pixel's position in the image, or -1 in the padding. */
    int[] positions() {
      int outH = outHeight();
      int outW = outWidth();
      int[] out = new int[patchSize() * outH * outW];
      int p = 0;
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < w.kernelH(); i++) {
          for (int j = 0; j < w.kernelW(); j++) {
            for (int y = 0; y < outH; y++) {
              // long: y·stride can pass 2^31 - 1
              long row = (long) y * w.strideH() - w.paddingH() + (long) i * w.dilationH();
              for (int x = 0; x < outW; x++) {
                long col = (long) x * w.strideW() - w.paddingW() + (long) j * w.dilationW();
                boolean inside = row >= 0 && row < height && col >= 0 && col < width;
                out[p++] = inside ? (int) ((c * height + row) * width + col) : -1;
              }
            }
          }
        }
      }
      return out;
    }
  }

  /** The columns {@code [N, C·kH·kW, L]} of images {@code [N, C, H, W]}; padding reads as zero. */
  public static NdArray unfold(NdArray x, SlidingWindow window) {
    Shape s = x.shape();
    return unfold(x.storage(), new Geometry(s.dim(1), s.dim(2), s.dim(3), window));
  }

  private static NdArray unfold(Storage images, Geometry g) {
    int batch = images.shape().dim(0);
    int[] positions = g.positions();
    int per = positions.length;
    int image = g.imageSize();
    Shape shape = Shape.of(batch, g.patchSize(), g.patches());
    if (images.dtype() == DType.FLOAT64) {
      double[] in = images.f64();
      double[] out = new double[batch * per];
      for (int n = 0; n < batch; n++) {
        for (int e = 0; e < per; e++) {
          int p = positions[e];
          if (p >= 0) {
            out[n * per + e] = in[n * image + p];
          }
        }
      }
      return Storage.array(shape, out);
    }
    float[] in = images.f32();
    float[] out = new float[batch * per];
    for (int n = 0; n < batch; n++) {
      for (int e = 0; e < per; e++) {
        int p = positions[e];
        if (p >= 0) {
          out[n * per + e] = in[n * image + p];
        }
      }
    }
    return Storage.array(shape, out);
  }

  /** The images {@code [N, C, height, width]} whose pixels are the sums of their copies in columns {@code x}. */
  public static NdArray fold(NdArray x, int height, int width, SlidingWindow window) {
    int channels = (int) (x.shape().dim(1) / ((long) window.kernelH() * window.kernelW())); // kH·kW can pass 2^31 - 1
    return fold(x.storage(), new Geometry(channels, height, width, window));
  }

  private static NdArray fold(Storage columns, Geometry g) {
    int batch = columns.shape().dim(0);
    int[] positions = g.positions();
    int per = positions.length;
    int image = g.imageSize();
    Shape shape = Shape.of(batch, g.channels(), g.height(), g.width());
    if (columns.dtype() == DType.FLOAT64) {
      double[] in = columns.f64();
      double[] out = new double[batch * image];
      for (int n = 0; n < batch; n++) {
        for (int e = 0; e < per; e++) {
          int p = positions[e];
          if (p >= 0) {
            out[n * image + p] += in[n * per + e];
          }
        }
      }
      return Storage.array(shape, out);
    }
    float[] in = columns.f32();
    float[] out = new float[batch * image];
    for (int n = 0; n < batch; n++) {
      for (int e = 0; e < per; e++) {
        int p = positions[e];
        if (p >= 0) {
          out[n * image + p] += in[n * per + e];
        }
      }
    }
    return Storage.array(shape, out);
  }
}
