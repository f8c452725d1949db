package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;

/**
 * The sliding patches of images {@code [N, C, H, W]} as columns {@code [N, C·kH·kW, L]} (im2col):
 * {@code out[n, (c·kH + i)·kW + j, y·outW + x] = in[n, c, y·stride − padding + i, x·stride − padding + j]},
 * zero where that falls in the padding, with {@code outH = (H + 2·padding − kH) / stride + 1} (likewise
 * {@code outW}) and {@code L = outH·outW}. A convolution is a matmul of the weights with these columns.
 *
 * @param kernelH patch height
 * @param kernelW patch width
 * @param stride step between patches, in pixels
 * @param padding zeros added on every side of the image
 */
public record Unfold(int kernelH, int kernelW, int stride, int padding) implements Op.Unary, Primitive {
  @Override
  public NdArray forward(NdArray x) {
    return x.unfold(kernelH, kernelW, stride, padding);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // unfold is linear, so its vector-Jacobian product is its adjoint: fold (a pixel sums its copies' grads)
    return grad.fold(x.shape().dim(2), x.shape().dim(3), kernelH, kernelW, stride, padding);
  }
}
