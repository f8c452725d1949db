package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;

/**
 * Adaptive average pooling of images {@code [N, C, H, W]} to {@code [N, C, outH, outW]} whatever the input
 * size, as PyTorch's {@code torch.nn.AdaptiveAvgPool2d}: output row {@code i} averages input rows
 * {@code floor(i·H/outH)} to {@code ceil((i+1)·H/outH)} (exclusive), and likewise for columns, so windows
 * may differ in size and overlap. {@code (1, 1)} is global average pooling. It has no parameters.
 *
 * <p>Each window is a rectangle, so the pooling is {@code A_H · x · A_Wᵀ} with constant averaging matrices
 * {@code A [out, in]}; two matrix products, differentiable to any order.
 *
 * @param outH the output height
 * @param outW the output width
 */
public record AdaptiveAvgPool2d(int outH, int outW) implements Module {
  /**
   * Checks the output size.
   *
   * @param outH the output height
   * @param outW the output width
   * @throws IllegalArgumentException if a side is not positive
   */
  public AdaptiveAvgPool2d {
    checkArgument(outH > 0 && outW > 0, "adaptiveAvgPool2d: output size must be positive; got %sx%s", outH, outW);
  }

  /**
   * Global average pooling: the mean of each channel, {@code [N, C, 1, 1]}.
   *
   * @return the layer, of output size {@code (1, 1)}
   */
  public static AdaptiveAvgPool2d global() {
    return new AdaptiveAvgPool2d(1, 1);
  }

  /**
   * Averages each of the {@code outH×outW} windows.
   *
   * @param x the images, {@code [N, C, H, W]} with {@code H} and {@code W} positive
   * @return the means, {@code [N, C, outH, outW]}
   * @throws IllegalArgumentException if {@code x} is not of rank 4 or has an empty side
   */
  @Override
  public Tensor forward(Tensor x) {
    Shape s = x.shape();
    checkArgument(x.rank() == 4 && s.dim(2) > 0 && s.dim(3) > 0,
        "adaptiveAvgPool2d: expected input [N, C, H, W] with H, W positive; got %s", s);
    Tensor rows = averaging(outH, s.dim(2), x.dtype());
    Tensor columns = averaging(outW, s.dim(3), x.dtype());
    return rows.matmul(x).matmul(columns.transpose());
  }

  /** {@code [out, in]}: row {@code i} is {@code 1/size} over window {@code i}'s positions, 0 elsewhere. */
  private static Tensor averaging(int out, int in, DType dtype) {
    double[] a = new double[out * in];
    for (int i = 0; i < out; i++) {
      int start = Math.floorDiv(i * in, out);
      int end = -Math.floorDiv(-(i + 1) * in, out);
      for (int j = start; j < end; j++) {
        a[i * in + j] = 1.0 / (end - start);
      }
    }
    return Tensor.of(NdArray.of(Shape.of(out, in), a).to(dtype));
  }

  /** Returns e.g. {@code AdaptiveAvgPool2d(1x1)}. */
  @Override
  public String toString() {
    return "AdaptiveAvgPool2d(" + outH + "x" + outW + ")";
  }
}
