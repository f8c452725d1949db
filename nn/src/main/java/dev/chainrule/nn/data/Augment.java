package dev.chainrule.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;

/**
 * Data augmentations for batches of images {@code [N, C, H, W]} (float32 or float64): random crops of the
 * zero-padded image and random horizontal flips, drawn independently per image.
 *
 * <p>Both only move pixels (or put zeros in), so each is computed as a gather: every output element names
 * the input element it copies, or none for a zero. Compose them with {@link Transform#andThen}, e.g.
 * {@code Augment.randomCrop(4).andThen(Augment.horizontalFlip())} for CIFAR-style training.
 */
public final class Augment {
  private Augment() {}

  /**
   * Random crops of the same size as the input, as torchvision's {@code RandomCrop(size, padding)}: each
   * image is padded with {@code padding} zeros on every side, and an {@code H×W} window is cut from it at
   * offsets drawn uniformly in {@code [0, 2·padding]} on each axis, independently per image.
   *
   * @param padding the zeros added on each side, non-negative; 0 gives the identity
   * @return the transform
   * @throws IllegalArgumentException if {@code padding} is negative
   */
  public static Transform randomCrop(int padding) {
    checkArgument(padding >= 0, "randomCrop: padding must not be negative; got %s", padding);
    return (features, random) -> {
      Shape s = imageShape("randomCrop", features);
      int n = s.dim(0);
      int planes = s.dim(1);
      int h = s.dim(2);
      int w = s.dim(3);
      int[] source = new int[s.size()];
      int out = 0;
      for (int i = 0; i < n; i++) {
        int dy = random.nextInt(2 * padding + 1) - padding;
        int dx = random.nextInt(2 * padding + 1) - padding;
        for (int c = 0; c < planes; c++) {
          int plane = (i * planes + c) * h * w;
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              int sy = y + dy;
              int sx = x + dx;
              source[out++] = sy >= 0 && sy < h && sx >= 0 && sx < w ? plane + sy * w + sx : -1;
            }
          }
        }
      }
      return gather(features, source);
    };
  }

  /**
   * Random horizontal flips: each image is mirrored along its width with probability 1/2.
   *
   * @return the transform
   */
  public static Transform horizontalFlip() {
    return horizontalFlip(0.5);
  }

  /**
   * Random horizontal flips: each image is mirrored along its width with probability {@code p}, drawn
   * independently per image.
   *
   * @param p the probability of a flip, in {@code [0, 1]}
   * @return the transform
   * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1]}
   */
  public static Transform horizontalFlip(double p) {
    checkArgument(p >= 0 && p <= 1, "horizontalFlip: probability must be in [0, 1]; got %s", p);
    return (features, random) -> {
      Shape s = imageShape("horizontalFlip", features);
      int w = s.dim(3);
      int perImage = s.size() / Math.max(1, s.dim(0));
      int[] source = new int[s.size()];
      for (int i = 0; i < s.dim(0); i++) {
        boolean flip = random.nextDouble() < p;
        for (int k = i * perImage; k < (i + 1) * perImage; k++) {
          int x = k % w;
          source[k] = flip ? k - x + (w - 1 - x) : k;
        }
      }
      return gather(features, source);
    };
  }

  private static Shape imageShape(String op, NdArray features) {
    checkArgument(features.rank() == 4, "%s: expected images [N, C, H, W]; got %s", op, features.shape());
    return features.shape();
  }

  /** The array whose element {@code k} is element {@code source[k]} of {@code x}, or 0 where that is -1. */
  private static NdArray gather(NdArray x, int[] source) {
    if (x.dtype() == DType.FLOAT32) {
      float[] in = x.toFloatArray();
      float[] out = new float[source.length];
      for (int k = 0; k < out.length; k++) {
        out[k] = source[k] < 0 ? 0f : in[source[k]];
      }
      return NdArray.ofFloats(x.shape(), out);
    }
    double[] in = x.toDoubleArray();
    double[] out = new double[source.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = source[k] < 0 ? 0 : in[source[k]];
    }
    return NdArray.of(x.shape(), out);
  }
}
