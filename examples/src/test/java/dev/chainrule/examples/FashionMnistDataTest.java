package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST: its sizes, shapes, pixel range and balanced classes (skipped where it cannot be fetched). */
class FashionMnistDataTest {

  @Test
  void theRealDataHasSixtyThousandBalancedTrainingImagesAndTenThousandTestImages() {
    FashionMnistData data = FashionMnistAvailability.load();
    assertEquals(10, FashionMnistData.CLASSES.size());
    checkSplit(data.train(), 60_000);
    checkSplit(data.test(), 10_000);
  }

  private static void checkSplit(Dataset split, int n) {
    NdArray images = split.features();
    assertEquals(Shape.of(n, 1, 28, 28), images.shape());
    assertEquals(DType.FLOAT32, images.dtype());
    float[] pixels = images.toFloatArray();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float p : pixels) {
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    assertEquals(Shape.of(n), split.targets().shape());
    int[] perClass = new int[10];
    for (double label : split.targets().toDoubleArray()) {
      assertTrue(label >= 0 && label <= 9 && label == Math.rint(label), "class index " + label);
      perClass[(int) label]++;
    }
    int[] balanced = new int[10];
    Arrays.fill(balanced, n / 10);
    assertEquals(Arrays.toString(balanced), Arrays.toString(perClass), "each class has a tenth of the examples");
  }
}
