package dev.chainrule.autodiff.array;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Sliding-window patches of image batches: im2col ({@link #unfold}) and its adjoint col2im ({@link #fold}).
 *
 * <p>Both walk one map from column entries to image positions, computed once per image geometry: entry
 * {@code ((c·kH + i)·kW + j)·L + y·outW + x} of an image's columns reads pixel
 * {@code (c, y·stride − padding + i, x·stride − padding + j)}, or the zero padding ({@code -1}).
 */
final class Patches {
  private Patches() {}

  /**
   * Checks a window's parameters, and that the kernel fits the padded {@code height×width} image.
   *
   * @param op the operation named in the error
   * @param image what the image is to that operation: its "input" or its "output"
   */
  static void checkWindow(String op, String image, int height, int width, int kernelH, int kernelW, int stride, int padding) {
    checkArgument(
        kernelH > 0 && kernelW > 0 && stride > 0 && padding >= 0,
        "%s: kernel and stride must be positive and padding non-negative; got kernel %sx%s, stride %s, padding %s",
        op, kernelH, kernelW, stride, padding);
    checkArgument(
        height + 2 * padding >= kernelH && width + 2 * padding >= kernelW,
        "%s: kernel %sx%s does not fit %s %sx%s with padding %s", op, kernelH, kernelW, image, height, width, padding);
  }

  /**
   * The geometry of one image's patches, already checked by {@link #checkWindow}.
   *
   * @param channels C
   * @param height H, without padding
   * @param width W, without padding
   */
  record Geometry(int channels, int height, int width, int kernelH, int kernelW, int stride, int padding) {
    int outHeight() {
      return (height + 2 * padding - kernelH) / stride + 1;
    }

    int outWidth() {
      return (width + 2 * padding - kernelW) / stride + 1;
    }

    /** L, the number of patches per image. */
    int patches() {
      return outHeight() * outWidth();
    }

    /** C·kH·kW, the length of one patch. */
    int patchSize() {
      return channels * kernelH * kernelW;
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
        for (int i = 0; i < kernelH; i++) {
          for (int j = 0; j < kernelW; j++) {
            for (int y = 0; y < outH; y++) {
              int row = y * stride - padding + i;
              for (int x = 0; x < outW; x++) {
                int col = x * stride - padding + j;
                boolean inside = row >= 0 && row < height && col >= 0 && col < width;
                out[p++] = inside ? (c * height + row) * width + col : -1;
              }
            }
          }
        }
      }
      return out;
    }
  }

  /** The columns {@code [N, C·kH·kW, L]} of images {@code [N, C, H, W]}; padding reads as zero. */
  static NdArray unfold(NdArray images, Geometry g) {
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
      return NdArray.wrap(shape, out);
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
    return NdArray.wrap(shape, out);
  }

  /** The images {@code [N, C, H, W]} whose pixels are the sums of their copies in {@code columns}. */
  static NdArray fold(NdArray columns, Geometry g) {
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
      return NdArray.wrap(shape, out);
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
    return NdArray.wrap(shape, out);
  }
}
