package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * Images {@code [N, C, height, width]} from columns {@code [N, C·kH·kW, L]} (col2im), each pixel the sum
 * of its copies: {@code out[n, c, y·stride − padding + i, x·stride − padding + j] += in[n, (c·kH + i)·kW + j,
 * y·outW + x]}, entries that fall in the padding dropped. The transpose of {@link Unfold}.
 *
 * @param height output image height
 * @param width output image width
 * @param kernelH patch height
 * @param kernelW patch width
 * @param stride step between patches, in pixels
 * @param padding zeros that were added on every side of the image
 */
public record Fold(int height, int width, int kernelH, int kernelW, int stride, int padding)
    implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.fold(height, width, kernelH, kernelW, stride, padding);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    return grad.unfold(kernelH, kernelW, stride, padding); // each column entry reads back the pixel it added to
  }
}
