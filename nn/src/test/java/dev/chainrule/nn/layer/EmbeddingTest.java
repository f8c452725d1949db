package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
  @Test
  void thePaddingRowStartsAtZeroAndGetsNoGradient() {
    Embedding embedding = Embedding.withPaddingIndex(4, 3, 0, DType.FLOAT64, new Random(1));
    assertArrayEquals(new double[3], row(embedding.weight().value(), 0));
    Tensor out = embedding.forward(Tensor.of(0, 2, 0, 3));
    out.mul(Tensor.of(NdArray.of(Shape.of(4, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))).sum().backward();
    NdArray grad = embedding.weight().grad();
    assertArrayEquals(new double[3], row(grad, 0), "the padding row's gradient");
    assertArrayEquals(new double[] {4, 5, 6}, row(grad, 2));
    assertArrayEquals(new double[] {10, 11, 12}, row(grad, 3));
  }

  @Test
  void paddingPositionsLookUpThePaddingRowAsItIs() {
    Embedding embedding = Embedding.withPaddingIndex(3, 2, -1, DType.FLOAT64, new Random(2));
    assertEquals(OptionalInt.of(2), embedding.paddingIndex());
    embedding.weight().update(NdArray.of(Shape.of(3, 2), 1, 2, 3, 4, 5, 6)); // as a loaded state dict would
    assertArrayEquals(new double[] {5, 6, 1, 2}, embedding.forward(Tensor.of(2, 0)).value().toDoubleArray());
  }

  @Test
  void withoutAPaddingIndexEveryRowIsNormalAndLearns() {
    Embedding embedding = Embedding.create(3, 2, DType.FLOAT64, new Random(3));
    assertEquals(OptionalInt.empty(), embedding.paddingIndex());
    embedding.forward(Tensor.of(0, 0)).sum().backward();
    assertArrayEquals(new double[] {2, 2}, row(embedding.weight().grad(), 0));
  }

  @Test
  void aPaddingIndexOutOfRangeIsRejected() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Embedding.withPaddingIndex(3, 2, 3, DType.FLOAT32, new Random(4)));
    assertEquals("embedding: padding index 3 is out of range [-3, 3)", e.getMessage());
  }

  private static double[] row(NdArray matrix, int row) {
    int dim = matrix.shape().dim(1);
    double[] out = new double[dim];
    for (int j = 0; j < dim; j++) {
      out[j] = matrix.get(row, j);
    }
    return out;
  }
}
