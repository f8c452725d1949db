package dev.chainrule.autodiff.kernel.gemm;

/**
 * The sizes of a batched product {@code C[b] = op(A[b]) · op(B[b])}, and how to read its operands.
 *
 * <p>{@code op(A)} is {@code m × k}, {@code op(B)} is {@code k × n} and {@code C} is {@code m × n}, each
 * row-major and the matrices of a batch one after another. A transposed operand is read through swapped
 * strides, which is all the transpose flags change.
 *
 * @param transposeA {@code A} is stored {@code k × m}
 * @param transposeB {@code B} is stored {@code n × k}
 * @param sharedA {@code A} is stored once and used by every matrix of the batch (a broadcast weight)
 * @param sharedB {@code B} is stored once and used by every matrix of the batch
 */
record GemmShape(int batch, int m, int n, int k, boolean transposeA, boolean transposeB, boolean sharedA, boolean sharedB) {
  /** A product whose operands have one matrix per batch member each. */
  GemmShape(int batch, int m, int n, int k, boolean transposeA, boolean transposeB) {
    this(batch, m, n, k, transposeA, transposeB, false, false);
  }

  /** Where matrix {@code matrix} of {@code A} starts: 0 for all when {@code A} is one matrix shared by the batch. */
  int aOffset(int matrix) {
    return sharedA ? 0 : matrix * m * k;
  }

  /** Where matrix {@code matrix} of {@code B} starts: 0 for all when {@code B} is one matrix shared by the batch. */
  int bOffset(int matrix) {
    return sharedB ? 0 : matrix * k * n;
  }

  /** Multiply-adds in the whole product. */
  long multiplyAdds() {
    return (long) batch * m * n * k;
  }

  /** Distance in {@code A}'s storage between rows {@code i} and {@code i + 1} of {@code op(A)}. */
  int aRowStride() {
    return transposeA ? 1 : k;
  }

  /** Distance in {@code A}'s storage between columns {@code q} and {@code q + 1} of {@code op(A)}. */
  int aDepthStride() {
    return transposeA ? m : 1;
  }

  /** Distance in {@code B}'s storage between columns {@code j} and {@code j + 1} of {@code op(B)}. */
  int bColumnStride() {
    return transposeB ? k : 1;
  }

  /** Distance in {@code B}'s storage between rows {@code q} and {@code q + 1} of {@code op(B)}. */
  int bDepthStride() {
    return transposeB ? 1 : n;
  }
}
