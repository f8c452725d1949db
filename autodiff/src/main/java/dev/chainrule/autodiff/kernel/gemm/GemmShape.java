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
 */
record GemmShape(int batch, int m, int n, int k, boolean transposeA, boolean transposeB) {
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
