package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Shape;

/** Attention's heads side by side in the last axis, split out to an axis of their own and joined back. */
final class Heads {
  private Heads() {}

  /** {@code [N, T, H·w]} → {@code [N, H, T, w]}. */
  static Tensor split(Tensor x, int heads) {
    Shape s = x.shape();
    return x.reshape(s.dim(0), s.dim(1), heads, s.dim(2) / heads).permute(0, 2, 1, 3);
  }

  /** {@code [N, H, T, w]} → {@code [N, T, H·w]}. */
  static Tensor join(Tensor x) {
    Shape s = x.shape();
    return x.permute(0, 2, 1, 3).reshape(s.dim(0), s.dim(2), s.dim(1) * s.dim(3));
  }

  /** {@code x [B, N, …]} with its first two axes joined: {@code [B·N, …]}. */
  static Tensor joinBatch(Tensor x) {
    int[] dims = x.shape().toArray();
    int[] joined = new int[dims.length - 1];
    joined[0] = dims[0] * dims[1];
    System.arraycopy(dims, 2, joined, 1, dims.length - 2);
    return x.reshape(joined);
  }

  /** {@code x [B·N, …]} with its first axis split back into {@code [B, N]}. */
  static Tensor splitBatch(Tensor x, int batch, int n) {
    int[] dims = x.shape().toArray();
    int[] split = new int[dims.length + 1];
    split[0] = batch;
    split[1] = n;
    System.arraycopy(dims, 1, split, 2, dims.length - 1);
    return x.reshape(split);
  }
}
