package dev.chainrule.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.Axes;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.op.Expand;
import dev.chainrule.autodiff.op.Gather;
import dev.chainrule.autodiff.op.ScatterAdd;
import dev.chainrule.autodiff.op.Fold;
import dev.chainrule.autodiff.op.IndexAdd;
import dev.chainrule.autodiff.op.IndexSelect;
import dev.chainrule.autodiff.op.Pad;
import dev.chainrule.autodiff.op.Permute;
import dev.chainrule.autodiff.op.Reshape;
import dev.chainrule.autodiff.op.Slice;
import dev.chainrule.autodiff.op.SlidingWindow;
import dev.chainrule.autodiff.op.Unfold;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape operations of {@link Tensor}: reshape, permute, broadcast, squeeze, slice, pad, index and patches.
 *
 * <p>They move elements without arithmetic; their gradients move them back.
 */
public sealed interface ShapeOps permits Tensor {
  private Tensor self() {
    return (Tensor) this;
  }

  /**
   * The same elements in {@code shape}; the element count must match.
   *
   * @param shape the new shape, of this tensor's size
   * @return a tensor with this tensor's elements in row-major order
   */
  default Tensor reshape(Shape shape) {
    if (shape.equals(self().shape())) {
      return self();
    }
    return Tensor.apply(new Reshape(shape), self());
  }

  /**
   * The same elements in these dimensions; one of them may be -1 and is then inferred.
   *
   * @param dims the new extents, non-negative except for at most one -1
   * @return a tensor with this tensor's elements in row-major order
   */
  default Tensor reshape(int... dims) {
    long known = 1; // long, capped at 2^31: an int product could wrap to the input's size
    int inferred = -1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == -1) {
        checkArgument(inferred < 0, "reshape: only one dimension may be -1; got %s", Arrays.toString(dims));
        inferred = i;
      } else {
        checkArgument(dims[i] >= 0, "reshape: dimensions must be non-negative (one may be -1); got %s for shape %s",
            Arrays.toString(dims), self().shape());
        known = Math.min(known * dims[i], Integer.MAX_VALUE + 1L);
      }
    }
    checkArgument(inferred >= 0 || known <= Integer.MAX_VALUE,
        "reshape: the new shape has more than 2^31 - 1 elements; got %s to %s", self().shape(), Arrays.toString(dims));
    int[] resolved = dims.clone();
    if (inferred >= 0) {
      int size = self().size();
      checkArgument(
          known > 0 && size % known == 0,
          "reshape: cannot reshape %s (%s elements) to %s", self().shape(), size, Arrays.toString(dims));
      resolved[inferred] = (int) (size / known);
    }
    return reshape(Shape.of(resolved));
  }

  /**
   * All elements as a vector.
   *
   * @return a tensor of shape {@code [size()]}
   */
  default Tensor flatten() {
    return reshape(self().size());
  }

  /**
   * Reordered axes: axis {@code i} of the result is axis {@code order[i]} of this tensor.
   *
   * @param order a permutation of {@code 0..rank-1}
   * @return the permuted tensor
   */
  default Tensor permute(int... order) {
    List<Integer> normalized = new ArrayList<>(order.length);
    for (int axis : order) {
      normalized.add(axis < 0 ? axis + self().rank() : axis);
    }
    return Tensor.apply(new Permute(normalized), self());
  }

  /**
   * The last two axes swapped (a matrix transpose).
   *
   * @return the tensor with its last two axes swapped; it needs rank 2 or more
   */
  default Tensor transpose() {
    checkArgument(self().rank() >= 2, "transpose: needs rank >= 2; got %s", self().shape());
    return transpose(-2, -1);
  }

  /**
   * Axes {@code a} and {@code b} swapped.
   *
   * @param a one axis, negative counting from the end
   * @param b the other axis, negative counting from the end
   * @return the tensor with the two axes swapped
   */
  default Tensor transpose(int a, int b) {
    int[] order = new int[self().rank()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    int x = self().shape().axis(a, "transpose");
    int y = self().shape().axis(b, "transpose");
    order[x] = y;
    order[y] = x;
    return permute(order);
  }

  /**
   * This tensor repeated to {@code shape} by NumPy's broadcasting rules.
   *
   * @param shape the target shape, to which this tensor's shape broadcasts
   * @return a tensor of {@code shape}
   */
  default Tensor broadcastTo(Shape shape) {
    if (shape.equals(self().shape())) {
      return self();
    }
    return Tensor.apply(new Expand(shape), self());
  }

  /**
   * The sum of this tensor down to {@code shape}, which must broadcast to this one: the adjoint of
   * {@link #broadcastTo}, what a broadcasting custom op's backward needs.
   *
   * @param shape the target shape, which broadcasts to this tensor's shape
   * @return a tensor of {@code shape}
   */
  default Tensor sumTo(Shape shape) {
    Shape from = self().shape();
    if (shape.equals(from)) {
      return self();
    }
    checkArgument(shape.broadcastsTo(from), "sumTo: cannot sum %s down to %s", from, shape);
    int lead = from.rank() - shape.rank();
    int[] axes = new int[from.rank()];
    int n = 0;
    for (int i = 0; i < from.rank(); i++) {
      if (i < lead || (shape.dim(i - lead) == 1 && from.dim(i) != 1)) {
        axes[n++] = i;
      }
    }
    return self().sum(Axes.keep(Arrays.copyOf(axes, n))).reshape(shape);
  }

  /**
   * Axis {@code axis}, which must have extent 1, removed.
   *
   * @param axis the axis to remove, negative counting from the end
   * @return a tensor of rank one less
   */
  default Tensor squeeze(int axis) {
    Shape s = self().shape();
    int a = s.axis(axis, "squeeze");
    checkArgument(s.dim(a) == 1, "squeeze: axis %s has extent %s, not 1; shape %s", axis, s.dim(a), s);
    int[] dims = s.toArray();
    int[] out = new int[dims.length - 1];
    System.arraycopy(dims, 0, out, 0, a);
    System.arraycopy(dims, a + 1, out, a, dims.length - a - 1);
    return reshape(Shape.of(out));
  }

  /**
   * A new axis of extent 1 inserted at {@code axis} (which may be {@code rank}, or negative).
   *
   * @param axis where the new axis goes in the result, in {@code [-rank - 1, rank]}
   * @return a tensor of rank one more
   */
  default Tensor unsqueeze(int axis) {
    Shape s = self().shape();
    int a = axis < 0 ? axis + s.rank() + 1 : axis;
    checkArgument(a >= 0 && a <= s.rank(), "unsqueeze: axis %s is out of range for shape %s", axis, s);
    int[] dims = s.toArray();
    int[] out = new int[dims.length + 1];
    System.arraycopy(dims, 0, out, 0, a);
    out[a] = 1;
    System.arraycopy(dims, a, out, a + 1, dims.length - a);
    return reshape(Shape.of(out));
  }

  /**
   * Elements {@code start} (inclusive) to {@code end} (exclusive) along {@code axis}.
   *
   * @param axis the axis, negative counting from the end
   * @param start the first index kept, non-negative
   * @param end one past the last index kept, from {@code start} to the axis's extent
   * @return the slice
   */
  default Tensor slice(int axis, int start, int end) {
    return Tensor.apply(new Slice(self().shape().axis(axis, "slice"), start, end), self());
  }

  /**
   * {@code before} zeros ahead of and {@code after} zeros behind {@code axis}.
   *
   * @param axis the axis, negative counting from the end
   * @param before the number of zeros before the first element, non-negative
   * @param after the number of zeros after the last element, non-negative
   * @return the padded tensor
   */
  default Tensor pad(int axis, int before, int after) {
    return Tensor.apply(new Pad(self().shape().axis(axis, "pad"), before, after), self());
  }

  /**
   * The entries at {@code indices} along {@code axis} (repeats allowed).
   *
   * @param axis the axis, negative counting from the end
   * @param indices positions along {@code axis}, each below its extent
   * @return a tensor whose extent along {@code axis} is {@code indices.length}
   */
  default Tensor indexSelect(int axis, int... indices) {
    return Tensor.apply(new IndexSelect(self().shape().axis(axis, "indexSelect"), boxed(indices)), self());
  }

  /**
   * Zeros of extent {@code size} along {@code axis} with slice {@code j} of this tensor added at
   * {@code indices[j]}; the adjoint of {@link #indexSelect}.
   *
   * @param axis the axis, negative counting from the end
   * @param size the result's extent along {@code axis}
   * @param indices the target position of each slice, each in {@code [0, size)}; one per slice of this tensor
   * @return a tensor whose extent along {@code axis} is {@code size}
   */
  default Tensor indexAdd(int axis, int size, int... indices) {
    return Tensor.apply(new IndexAdd(self().shape().axis(axis, "indexAdd"), size, boxed(indices)), self());
  }

  /**
   * The sliding {@code kernelH×kernelW} patches of images {@code [N, C, H, W]} as columns
   * {@code [N, C·kH·kW, L]} (im2col), one every {@code stride} pixels of the image zero-padded by
   * {@code padding}: {@code L = outH·outW} with {@code outH = (H + 2·padding − kH) / stride + 1}.
   *
   * @param kernelH the patch height
   * @param kernelW the patch width
   * @param stride the step between patches, in pixels, positive
   * @param padding the zeros added on every side of the image, non-negative
   * @return the columns {@code [N, C·kH·kW, L]}
   */
  default Tensor unfold(int kernelH, int kernelW, int stride, int padding) {
    return unfold(SlidingWindow.of(kernelH, kernelW, stride, padding));
  }

  /**
   * The patches of images {@code [N, C, H, W]} as columns {@code [N, C·kH·kW, L]} (im2col) for any
   * {@link SlidingWindow}: per-axis stride and padding, and dilation.
   *
   * @param window the patch, stride, padding and dilation
   * @return the columns {@code [N, C·kH·kW, L]}, {@code L} the window's patch count
   */
  default Tensor unfold(SlidingWindow window) {
    return Tensor.apply(new Unfold(window), self());
  }

  /**
   * Images {@code [N, C, height, width]} from columns {@code [N, C·kH·kW, L]} (col2im), overlapping
   * patches summed; the adjoint of {@link #unfold}.
   *
   * @param height the output image height
   * @param width the output image width
   * @param kernelH the patch height
   * @param kernelW the patch width
   * @param stride the step between patches, in pixels, positive
   * @param padding the zeros that were added on every side of the image, non-negative
   * @return the images {@code [N, C, height, width]}
   */
  default Tensor fold(int height, int width, int kernelH, int kernelW, int stride, int padding) {
    return fold(height, width, SlidingWindow.of(kernelH, kernelW, stride, padding));
  }

  /**
   * Images {@code [N, C, height, width]} from columns {@code [N, C·kH·kW, L]} cut with any
   * {@link SlidingWindow} (col2im), overlapping patches summed; the adjoint of {@link #unfold(SlidingWindow)}.
   *
   * @param height the output image height
   * @param width the output image width
   * @param window the patch, stride, padding and dilation the columns were cut with
   * @return the images {@code [N, C, height, width]}
   */
  default Tensor fold(int height, int width, SlidingWindow window) {
    return Tensor.apply(new Fold(height, width, window), self());
  }

  /**
   * At every position of {@code indices} (whole numbers, the input's shape except on {@code axis}), the
   * element at that index along {@code axis}; PyTorch's {@code gather}. For logits {@code [N, C]} and
   * targets as a column {@code [N, 1]}, {@code logits.gather(1, targets)} is each row's target score.
   *
   * @param axis the axis to gather along, negative counting from the end
   * @param indices the positions along {@code axis}, a constant array of whole numbers
   * @return a tensor shaped like {@code indices}
   */
  default Tensor gather(int axis, NdArray indices) {
    return Tensor.apply(new Gather(self().shape().axis(axis, "gather"), indices), self());
  }

  /**
   * Zeros of {@code shape} with this tensor's elements added where {@code gather} would read them.
   *
   * @param axis the axis to scatter along, negative counting from the end of {@code shape}
   * @param indices the positions along {@code axis}, shaped like this tensor
   * @param shape the result shape
   * @return a tensor of {@code shape}
   */
  default Tensor scatterAdd(int axis, NdArray indices, Shape shape) {
    return Tensor.apply(new ScatterAdd(shape.axis(axis, "scatterAdd"), indices, shape), self());
  }

  private static List<Integer> boxed(int[] values) {
    List<Integer> out = new ArrayList<>(values.length);
    for (int v : values) {
      out.add(v);
    }
    return out;
  }

  /**
   * Number of dimensions; 0 for a scalar.
   *
   * @return the number of axes
   */
  default int rank() {
    return self().shape().rank();
  }

  /**
   * Number of elements.
   *
   * @return the number of elements, the product of the dimensions
   */
  default int size() {
    return self().shape().size();
  }

  /**
   * The single value of a one-element tensor.
   *
   * @return the only element, widened to double
   */
  default double item() {
    return self().value().item();
  }
}
