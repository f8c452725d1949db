package dev.chainrule.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Random crops are windows of the zero-padded image, flips mirror the width, and neither touches its input. */
class AugmentTest {

  /** {@code n} images {@code [c, h, w]} whose elements are 1, 2, 3, … in row-major order: all distinct and non-zero. */
  private static NdArray numbered(DType dtype, int n, int c, int h, int w) {
    double[] values = new double[n * c * h * w];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 1;
    }
    return NdArray.of(Shape.of(n, c, h, w), values).to(dtype);
  }

  /** Element (c, y, x) of image i padded with {@code p} zeros on each side, computed directly. */
  private static double padded(NdArray images, int i, int c, int y, int x, int p) {
    int h = images.shape().dim(2);
    int w = images.shape().dim(3);
    return y < p || y >= h + p || x < p || x >= w + p ? 0 : images.get(i, c, y - p, x - p);
  }

  /** Whether image i of {@code out} is the window at (oy, ox) of image i of {@code in} padded by {@code p}. */
  private static boolean isWindow(NdArray in, NdArray out, int i, int p, int oy, int ox) {
    Shape s = in.shape();
    for (int c = 0; c < s.dim(1); c++) {
      for (int y = 0; y < s.dim(2); y++) {
        for (int x = 0; x < s.dim(3); x++) {
          if (out.get(i, c, y, x) != padded(in, i, c, y + oy, x + ox, p)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static NdArray mirrored(NdArray images) {
    Shape s = images.shape();
    double[] out = new double[s.size()];
    int k = 0;
    for (int i = 0; i < s.dim(0); i++) {
      for (int c = 0; c < s.dim(1); c++) {
        for (int y = 0; y < s.dim(2); y++) {
          for (int x = 0; x < s.dim(3); x++) {
            out[k++] = images.get(i, c, y, s.dim(3) - 1 - x);
          }
        }
      }
    }
    return NdArray.of(s, out).to(images.dtype());
  }

  @Test
  void aCropWithoutPaddingIsTheIdentityInBothDtypes() {
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      NdArray images = numbered(dtype, 5, 2, 3, 4);
      NdArray out = Augment.randomCrop(0).apply(images, new Random(1));
      assertEquals(images, out);
      assertEquals(dtype, out.dtype());
    }
  }

  @Test
  void everyCropIsOneWindowOfThePaddedImageAndEveryOffsetOccurs() {
    int p = 2;
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      NdArray images = numbered(dtype, 300, 2, 3, 4);
      NdArray out = Augment.randomCrop(p).apply(images, new Random(5));
      assertEquals(images.shape(), out.shape());
      assertEquals(dtype, out.dtype());
      Set<List<Integer>> offsets = new HashSet<>();
      for (int i = 0; i < 300; i++) {
        int matches = 0;
        for (int oy = 0; oy <= 2 * p; oy++) {
          for (int ox = 0; ox <= 2 * p; ox++) {
            if (isWindow(images, out, i, p, oy, ox)) {
              matches++;
              offsets.add(List.of(oy, ox));
            }
          }
        }
        assertEquals(1, matches, "image " + i + " is exactly one window of its padded image");
      }
      assertEquals(25, offsets.size(), "all (2·2 + 1)² offsets occur");
    }
  }

  @Test
  void flippingTwiceWithProbabilityOneIsTheIdentityAndOnceMirrorsTheWidth() {
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      NdArray images = numbered(dtype, 4, 3, 2, 5);
      Transform flip = Augment.horizontalFlip(1);
      NdArray once = flip.apply(images, new Random(2));
      assertEquals(mirrored(images), once);
      assertEquals(images, flip.andThen(flip).apply(images, new Random(3)));
    }
  }

  @Test
  void flippingWithProbabilityZeroIsTheIdentity() {
    NdArray images = numbered(DType.FLOAT32, 6, 1, 3, 3);
    assertEquals(images, Augment.horizontalFlip(0).apply(images, new Random(4)));
  }

  @Test
  void anEvenFlipMirrorsSomeImagesWholeAndLeavesTheOthers() {
    NdArray images = numbered(DType.FLOAT64, 200, 2, 3, 4);
    NdArray out = Augment.horizontalFlip().apply(images, new Random(6));
    NdArray mirror = mirrored(images);
    int flipped = 0;
    for (int i = 0; i < 200; i++) {
      boolean same = isWindow(images, out, i, 0, 0, 0);
      boolean mirroredImage = isWindow(mirror, out, i, 0, 0, 0);
      assertTrue(same != mirroredImage, "image " + i + " is either unchanged or mirrored");
      flipped += mirroredImage ? 1 : 0;
    }
    assertTrue(flipped > 60 && flipped < 140, "about half are flipped; got " + flipped);
  }

  @Test
  void theInputIsUnchangedAndTheSameGeneratorGivesTheSameOutput() {
    NdArray images = numbered(DType.FLOAT32, 20, 3, 4, 4);
    double[] before = images.toDoubleArray();
    Transform t = Augment.randomCrop(1).andThen(Augment.horizontalFlip());
    NdArray a = t.apply(images, new Random(9));
    assertArrayEquals(before, images.toDoubleArray());
    assertEquals(a, t.apply(images, new Random(9)));
    Random r = new Random(9);
    assertEquals(Augment.horizontalFlip().apply(Augment.randomCrop(1).apply(images, r), r), a, "andThen shares the generator");
  }

  @Test
  void wrongArgumentsAreRefusedWithTheOpAndTheValue() {
    NdArray rank3 = NdArray.of(Shape.of(2, 3, 4), new double[24]);
    IllegalArgumentException crop = assertThrows(IllegalArgumentException.class, () -> Augment.randomCrop(1).apply(rank3, new Random(0)));
    assertEquals("randomCrop: expected images [N, C, H, W]; got [2, 3, 4]", crop.getMessage());
    IllegalArgumentException flip = assertThrows(IllegalArgumentException.class, () -> Augment.horizontalFlip().apply(rank3, new Random(0)));
    assertEquals("horizontalFlip: expected images [N, C, H, W]; got [2, 3, 4]", flip.getMessage());
    assertEquals("randomCrop: padding must not be negative; got -1",
        assertThrows(IllegalArgumentException.class, () -> Augment.randomCrop(-1)).getMessage());
    for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
      assertEquals("horizontalFlip: probability must be in [0, 1]; got " + p,
          assertThrows(IllegalArgumentException.class, () -> Augment.horizontalFlip(p)).getMessage());
    }
    assertThrows(NullPointerException.class, () -> Augment.randomCrop(1).andThen(null));
  }
}
