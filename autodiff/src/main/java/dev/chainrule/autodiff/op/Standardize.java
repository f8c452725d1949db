package dev.chainrule.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Batch;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.kernel.Standardization;

/**
 * {@code (x − mean) / √(var + eps)} with the mean and the biased variance taken over {@code axes}: the core
 * of batch, layer, group and instance normalization. The reduced axes must be leading and trailing axes
 * around the kept ones (batch norm's N and H, W around C; layer norm's last axis), so the kernel reads the
 * array as {@code [outer, kept, inner]}; {@code Tensor.standardize} composes the other cases.
 * A primitive: three passes where the composition takes about eight, and a backward
 * {@code dx = (g − mean(g) − y·mean(g·y)) / √(var + eps)} of four (the moments again, then two) rather than
 * a dozen; while something records (a higher order, forward mode over a gradient, a batched call), the
 * backward is composed of primitives instead, so that its own derivatives follow. The Jacobian is
 * symmetric, so the tangent map is the same formula.
 *
 * @param axes the axes the statistics are taken over
 * @param eps added to the variance, positive
 */
public record Standardize(Axes axes, double eps) implements Op.Unary, Primitive {
  /**
   * Checks the axes are present and eps positive.
   *
   * @param axes the axes the statistics are taken over
   * @param eps added to the variance, positive
   */
  public Standardize {
    checkNotNull(axes, "standardize: axes are null");
    checkArgument(eps > 0, "standardize: eps must be positive; got %s", eps);
  }

  /**
   * The view {@code [outer, kept, inner]} of {@code shape} when {@code axes} are leading and trailing
   * axes around the kept ones, else null.
   *
   * @param shape the input's shape
   * @param axes the reduced axes
   * @return {@code {outer, kept, inner}}, or null
   */
  public static int[] view(Shape shape, Axes axes) {
    boolean[] reduced = axes.mask(shape, "standardize");
    int a = 0;
    int outer = 1;
    while (a < reduced.length && reduced[a]) {
      outer *= shape.dim(a++);
    }
    int kept = 1;
    while (a < reduced.length && !reduced[a]) {
      kept *= shape.dim(a++);
    }
    int inner = 1;
    while (a < reduced.length && reduced[a]) {
      inner *= shape.dim(a++);
    }
    return a == reduced.length ? new int[] {outer, kept, inner} : null;
  }

  /**
   * The statistics this op normalizes with, for callers that keep them (batch norm's running statistics):
   * per kept group, in row-major order of the kept axes, the mean and the biased variance, in two passes.
   *
   * @param x the values
   * @param axes reduced axes that are leading and trailing axes around the kept ones
   * @return {@code {means, variances}}
   * @throws IllegalArgumentException if the axes do not surround the kept ones
   */
  public static double[][] moments(NdArray x, Axes axes) {
    int[] view = view(x.shape(), axes);
    checkArgument(view != null, "standardize: the axes %s of %s are not leading and trailing axes around the kept ones",
        axes, x.shape());
    return Standardization.moments(x, view[0], view[1], view[2]);
  }

  @Override
  public Shape shape(Shape x) {
    int[] view = view(x, axes);
    checkArgument(view != null, "standardize: the axes %s of %s are not leading and trailing axes around the kept ones",
        axes, x);
    checkArgument((long) view[0] * view[2] > 0, "standardize: no elements to take statistics over; got %s", x);
    return x;
  }

  @Override
  public NdArray forward(NdArray x) {
    int[] view = view(x.shape(), axes);
    return Standardization.standardize(x, view[0], view[1], view[2], eps);
  }

  @Override
  public Tensor backward(Tensor grad, Tensor x, Tensor out) {
    // nothing records during a plain first-order backward, so the fused kernel can run, unless vmap batches a value
    return project(grad, x, out, !Autodiff.isRecording() && !x.isBatched() && !grad.isBatched());
  }

  @Override
  public Tensor jvp(Tensor t, Tensor x, Tensor out) {
    return project(t, x, out, false); // composed: a jvp can itself be differentiated, forward or reverse
  }

  /**
   * {@code (v − mean(v) − y·mean(v·y)) / √(var + eps)}, the Jacobian (symmetric) applied to {@code v}: when
   * {@code constant}, one two-pass kernel with the inverse deviation from {@code x}'s moments; else composed
   * from {@code x} so that its own derivative is there.
   */
  private Tensor project(Tensor v, Tensor x, Tensor y, boolean constant) {
    if (constant) {
      int[] view = view(x.shape(), axes);
      double[] variance = Standardization.moments(x.value(), view[0], view[1], view[2])[1];
      double[] inverse = Standardization.inverseDeviations(variance, eps);
      return Tensor.of(Standardization.project(v.value(), y.value(), inverse, view[0], view[1], view[2]));
    }
    Axes kept = axes.keepingDims();
    Tensor scale = x.var(kept, 0).add(eps).sqrt().reciprocal();
    return v.sub(v.mean(kept)).sub(y.mul(v.mul(y).mean(kept))).mul(scale);
  }

  @Override
  public Tensor vmap(Batch batch) {
    // the same axes behind the batch axis, when they still surround the kept ones (the last axis always does)
    Shape member = batch.shape(0);
    Standardize shifted = new Standardize(axes.shifted(member, 1, "standardize"), eps);
    if (view(batch.get(0).shape(), shifted.axes()) != null) {
      return Tensor.apply(shifted, batch.get(0));
    }
    return Op.Unary.super.vmap(batch);
  }
}
