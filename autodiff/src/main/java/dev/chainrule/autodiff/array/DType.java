package dev.chainrule.autodiff.array;

/**
 * The element type of an {@link NdArray}: 32-bit floats for speed, 64-bit floats for checking.
 *
 * <p>Operations never convert silently: combining the two is an error that names both; convert
 * explicitly with {@code to(DType)}.
 */
public enum DType {
  /** IEEE 754 single precision ({@code float}). */
  FLOAT32("float32", 4),
  /** IEEE 754 double precision ({@code double}). */
  FLOAT64("float64", 8);

  private final String label;
  private final int byteSize;

  DType(String label, int byteSize) {
    this.label = label;
    this.byteSize = byteSize;
  }

  /**
   * Bytes per element: 4 or 8.
   *
   * @return 4 for float32, 8 for float64
   */
  public int byteSize() {
    return byteSize;
  }

  /** Returns {@code float32} or {@code float64}, the names used in error messages. */
  @Override
  public String toString() {
    return label;
  }
}
