package dev.chainrule.autodiff.op;

/**
 * The window {@link Unfold} slides over images and {@link Fold} slides back: a {@code kernelH×kernelW}
 * patch whose elements are {@code dilation} pixels apart, one patch every {@code stride} pixels of the
 * image zero-padded by {@code padding} on both sides, each per axis (PyTorch's {@code F.unfold}). Along the
 * height, patch {@code y}'s element {@code i} reads row {@code y·strideH − paddingH + i·dilationH}, and an
 * image of height {@code H} has {@code (H + 2·paddingH − dilationH·(kernelH − 1) − 1) / strideH + 1} patches.
 *
 * @param kernelH patch height, positive
 * @param kernelW patch width, positive
 * @param strideH step between patches down the image, positive
 * @param strideW step between patches across the image, positive
 * @param paddingH zero rows added above and below, non-negative
 * @param paddingW zero columns added left and right, non-negative
 * @param dilationH step between a patch's rows, positive (1 for adjacent rows)
 * @param dilationW step between a patch's columns, positive
 */
public record SlidingWindow(
    int kernelH, int kernelW, int strideH, int strideW, int paddingH, int paddingW, int dilationH, int dilationW) {
  /**
   * Checks the window: positive kernel, stride and dilation, non-negative padding.
   *
   * @param kernelH patch height
   * @param kernelW patch width
   * @param strideH step between patches down the image
   * @param strideW step between patches across the image
   * @param paddingH zero rows added above and below
   * @param paddingW zero columns added left and right
   * @param dilationH step between a patch's rows
   * @param dilationW step between a patch's columns
   */
  public SlidingWindow {
    if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || paddingH < 0 || paddingW < 0
        || dilationH <= 0 || dilationW <= 0) {
      throw new IllegalArgumentException(String.format(
          "slidingWindow: kernel, stride and dilation must be positive and padding non-negative; got %s",
          describe(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW)));
    }
  }

  /**
   * The same stride and padding along both axes, no dilation.
   *
   * @param kernelH patch height, positive
   * @param kernelW patch width, positive
   * @param stride step between patches, positive
   * @param padding zeros added on every side, non-negative
   * @return the window
   */
  public static SlidingWindow of(int kernelH, int kernelW, int stride, int padding) {
    return new SlidingWindow(kernelH, kernelW, stride, stride, padding, padding, 1, 1);
  }

  /**
   * The number of patches down an image of {@code height} rows, or less than 1 when none fits; long, as
   * the padded height can pass 2^31 − 1.
   *
   * @param height the image height, without padding
   * @return the number of patch rows
   */
  public long outHeight(int height) {
    return patches(height, kernelH, strideH, paddingH, dilationH);
  }

  /**
   * The number of patches across an image of {@code width} columns, or less than 1 when none fits.
   *
   * @param width the image width, without padding
   * @return the number of patch columns
   */
  public long outWidth(int width) {
    return patches(width, kernelW, strideW, paddingW, dilationW);
  }

  /**
   * Whether a patch fits an image of {@code height×width} once padded.
   *
   * @param height the image height, without padding
   * @param width the image width, without padding
   * @return whether at least one patch fits
   */
  public boolean fits(int height, int width) {
    return (long) height + 2L * paddingH >= span(kernelH, dilationH) && (long) width + 2L * paddingW >= span(kernelW, dilationW);
  }

  private static long span(int kernel, int dilation) {
    return (long) dilation * (kernel - 1) + 1;
  }

  private static long patches(int extent, int kernel, int stride, int padding, int dilation) {
    return Math.floorDiv((long) extent + 2L * padding - span(kernel, dilation), stride) + 1;
  }

  /** Returns e.g. {@code kernel 3x3, stride 1, padding 1} or {@code kernel 1x3, stride 1x2, padding 0x1, dilation 2}. */
  @Override
  public String toString() {
    return describe(kernelH, kernelW, strideH, strideW, paddingH, paddingW, dilationH, dilationW);
  }

  private static String describe(int kH, int kW, int sH, int sW, int pH, int pW, int dH, int dW) {
    String dilation = dH == 1 && dW == 1 ? "" : ", dilation " + pair(dH, dW);
    return "kernel " + kH + "x" + kW + ", stride " + pair(sH, sW) + ", padding " + pair(pH, pW) + dilation;
  }

  private static String pair(int h, int w) {
    return h == w ? Integer.toString(h) : h + "x" + w;
  }
}
