package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Regressions: empty products, sizes that overflow int, and invalid dtypes or bounds. */
class EmptyAndOverflowTest {

  @ParameterizedTest
  @EnumSource(DType.class)
  void batchedMatmulWithAnEmptyBatchIsEmptyForwardAndBackward(DType dtype) {
    for (int n : new int[] {8, 16, 64, 200}) {
      Tensor a = Tensor.zeros(Shape.of(0, n, n), dtype).requiresGrad();
      Tensor b = Tensor.ones(Shape.of(n, n), dtype).requiresGrad();
      Tensor c = a.matmul(b);
      assertEquals(Shape.of(0, n, n), c.shape());
      c.sum().backward();
      assertEquals(Shape.of(0, n, n), a.grad().shape());
      assertEquals(Shape.of(n, n), b.grad().shape());
      assertEquals(0, b.grad().abs().sum().item());
    }
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void matmulWithAZeroSizeDimension(DType dtype) {
    int n = 64;
    assertEquals(Shape.of(0, n), Tensor.zeros(Shape.of(0, n), dtype).matmul(Tensor.ones(Shape.of(n, n), dtype)).shape());
    assertEquals(Shape.of(n, 0), Tensor.ones(Shape.of(n, n), dtype).matmul(Tensor.ones(Shape.of(n, 0), dtype)).shape());
    Tensor k0 = Tensor.ones(Shape.of(n, 0), dtype).matmul(Tensor.ones(Shape.of(0, n), dtype));
    assertEquals(Shape.of(n, n), k0.shape());
    assertEquals(0, k0.abs().sum().item(), "k = 0 gives zeros");
    Tensor batched = Tensor.ones(Shape.of(3, n, 0), dtype).matmul(Tensor.ones(Shape.of(3, 0, n), dtype));
    assertEquals(Shape.of(3, n, n), batched.shape());
    assertEquals(0, batched.abs().sum().item());
  }

  /** The window counts, channels or elements of unfold's columns overflow int: an error naming unfold, no wrapped size. */
  @ParameterizedTest
  @ValueSource(ints = {1 << 30, Integer.MAX_VALUE / 2, Integer.MAX_VALUE, 300, 40_000})
  void unfoldWhoseColumnsOverflowIntIsRejected(int padding) {
    Tensor x = Tensor.zeros(Shape.of(1, 8192, 20, 20), DType.FLOAT32);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.unfold(1, 1, 1, padding));
    assertTrue(e.getMessage().startsWith("unfold: ") && e.getMessage().contains("[1, 8192, 20, 20]"), e.getMessage());
  }

  @Test
  void unfoldOfAnEmptyBatchWithHugeImagesIsRejected() {
    Tensor x = Tensor.zeros(Shape.of(0, 1 << 20, 1 << 10, 1 << 10), DType.FLOAT64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.unfold(1, 1, 1, 0));
    assertTrue(e.getMessage().startsWith("unfold: ") && e.getMessage().contains("[0, 1048576, 1024, 1024]"), e.getMessage());
    Tensor wide = Tensor.zeros(Shape.of(0, 1, 1 << 16, 1 << 16), DType.FLOAT64);
    assertThrows(IllegalArgumentException.class, () -> wide.unfold(1, 1, 1, 1 << 15));
    Tensor big = Tensor.zeros(Shape.of(0, 1 << 30, 1, 1), DType.FLOAT64);
    assertThrows(IllegalArgumentException.class, () -> big.unfold(1 << 30, 1 << 30, 1, 1 << 30), "C·kH·kW overflows long");
  }

  /** Like unfold, fold builds one image's columns and pixels in int-indexed arrays, so those must fit even for N = 0. */
  @Test
  void foldOfAnEmptyBatchWithHugeImagesIsRejected() {
    Tensor columns = Tensor.zeros(Shape.of(0, 49152, 65536), DType.FLOAT64); // 3·2^30 column entries per image
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> columns.fold(256, 256, 1, 1, 1, 0));
    assertTrue(e.getMessage().startsWith("fold: ") && e.getMessage().contains("[0, 49152, 65536]"), e.getMessage());
    Tensor wide = Tensor.zeros(Shape.of(0, 65536, 65536), DType.FLOAT64); // 2^32 entries and pixels, wrapping to 0
    e = assertThrows(IllegalArgumentException.class, () -> wide.fold(256, 256, 1, 1, 1, 0));
    assertTrue(e.getMessage().startsWith("fold: ") && e.getMessage().contains("[0, 65536, 65536]"), e.getMessage());
    Tensor kernels = Tensor.zeros(Shape.of(0, 3, 1), DType.FLOAT64); // kH·kW = 2^32 wrapped to 0: a division by zero
    e = assertThrows(IllegalArgumentException.class, () -> kernels.fold(65536, 65536, 65536, 65536, 1, 0));
    assertTrue(e.getMessage().startsWith("fold: ") && e.getMessage().contains("65536x65536"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void foldWhoseImagesOverflowIntIsRejectedNamingFold(int batch) {
    Tensor columns = Tensor.zeros(Shape.of(batch, 3, 1), DType.FLOAT32); // one window a side: 3·2^32 pixels an image
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> columns.fold(65536, 65536, 1, 1, 65536, 0));
    assertTrue(e.getMessage().startsWith("fold: ") && e.getMessage().contains("[" + batch + ", 3, 65536, 65536]"), e.getMessage());
  }

  @Test
  void unfoldWithAHugeStrideAndPaddingThatFitsStillWorks() {
    Tensor x = Tensor.ones(Shape.of(1, 1, 2, 2), DType.FLOAT64);
    int padding = 1 << 30;
    Tensor y = x.unfold(1, 1, Integer.MAX_VALUE, padding);
    assertEquals(Shape.of(1, 1, 4), y.shape(), "two windows a side: one at -padding, one past the image");
    assertEquals(0, y.abs().sum().item(), "every window sits in the padding");
  }

  @Test
  void padPastTwoToTheThirtyOneIsRejectedNamingPad() {
    Tensor x = Tensor.zeros(Shape.of(3, 2), DType.FLOAT64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.pad(1, Integer.MAX_VALUE, 1));
    assertEquals(
        "pad: the padded dimension must be at most 2^31 - 1; got [3, 2] and 2147483647 before, 1 after on axis 1",
        e.getMessage());
    IllegalArgumentException total = assertThrows(IllegalArgumentException.class, () -> x.pad(1, 1 << 30, 0));
    assertTrue(total.getMessage().startsWith("pad: ") && total.getMessage().contains("[3, 2]"), total.getMessage());
    assertEquals(Shape.of(3, 5), x.pad(1, 2, 1).shape());
    assertEquals(Shape.of(0, 1 << 30), Tensor.zeros(Shape.of(0, 2), DType.FLOAT64).pad(1, (1 << 30) - 2, 0).shape());
  }

  private static void assertNullDtypeRejected(String op, org.junit.jupiter.api.function.Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertEquals(op + ": dtype is null", e.getMessage());
  }

  @Test
  void aNullDtypeIsRejectedNamingTheOperation() {
    Shape s = Shape.of(2, 3);
    Random random = new Random(1);
    assertNullDtypeRejected("to", () -> Tensor.of(1, 2).to(null));
    assertNullDtypeRejected("to", () -> NdArray.of(1, 2).to(null));
    assertNullDtypeRejected("zeros", () -> Tensor.zeros(s, null));
    assertNullDtypeRejected("zeros", () -> NdArray.zeros(s, null));
    assertNullDtypeRejected("ones", () -> Tensor.ones(s, null));
    assertNullDtypeRejected("full", () -> NdArray.full(s, null, 2));
    assertNullDtypeRejected("scalar", () -> Tensor.scalar(2, null));
    assertNullDtypeRejected("scalar", () -> NdArray.scalar(2, null));
    assertNullDtypeRejected("randn", () -> Tensor.randn(s, null, random));
    assertNullDtypeRejected("randn", () -> NdArray.randn(s, null, random));
    assertNullDtypeRejected("uniform", () -> NdArray.uniform(s, null, 0, 1, random));
    assertEquals(new Random(1).nextLong(), random.nextLong(), "rejected calls draw nothing from the generator");
  }

  @Test
  void uniformRejectsBoundsOutOfOrderOrNotFinite() {
    Shape s = Shape.of(4);
    Random random = new Random(1);
    double nan = Double.NaN;
    double inf = Double.POSITIVE_INFINITY;
    double[][] bad = {{1, 0}, {nan, 1}, {0, nan}, {nan, nan}, {-inf, 0}, {0, inf}, {-Double.MAX_VALUE, Double.MAX_VALUE}};
    for (double[] b : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdArray.uniform(s, DType.FLOAT64, b[0], b[1], random));
      assertTrue(e.getMessage().startsWith("uniform: ") && e.getMessage().endsWith("got " + b[0] + " and " + b[1]), e.getMessage());
    }
    assertEquals(new Random(1).nextLong(), random.nextLong(), "rejected calls draw nothing from the generator");
    assertEquals(NdArray.full(s, DType.FLOAT32, 2), NdArray.uniform(s, DType.FLOAT32, 2, 2, random), "low == high is allowed");
  }
}
