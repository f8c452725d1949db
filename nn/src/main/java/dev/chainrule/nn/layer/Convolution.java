package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.op.SlidingWindow;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share: their options resolved per axis
 * and the convolution itself. Every convolution runs on images {@code [N, C, H, W]} (a 1-D signal is an
 * image one row high) as im2col: {@link Tensor#unfold} lays the patches out as columns
 * {@code [N, C·kH·kW, L]} and a matmul per group with the weight does the rest, so gradients of every order
 * come from those ops. A transposed convolution is the adjoint: a matmul with the transposed weight, then
 * {@link Tensor#fold}.
 */
final class Convolution {
  private final String layer;
  private final int spatial;
  private final ConvOptions options;
  private final int[] kernel;
  private final int[] stride;
  private final int[] dilation;
  private final int[] before;
  private final int[] after;

  /** Resolves {@code options} for {@code spatial} (1 or 2) axes, naming {@code layer} in errors. */
  Convolution(String layer, int spatial, ConvOptions options) {
    this.layer = layer;
    this.spatial = spatial;
    this.options = options;
    this.kernel = perAxis("kernel", options.kernel(), 1);
    this.stride = perAxis("stride", options.stride(), 1);
    this.dilation = perAxis("dilation", options.dilation(), 1);
    if (options.padding().sameSize()) {
      checkArgument(stride[0] == 1 && stride[1] == 1, "%s: padding \"same\" needs stride 1; got stride %s",
          layer, ConvOptions.describe(options.stride()));
      this.before = new int[2];
      this.after = new int[2];
      for (int a = 0; a < 2; a++) {
        long total = (long) dilation[a] * (kernel[a] - 1);
        checkArgument(total <= Integer.MAX_VALUE, "%s: the dilated kernel is too large; got %s", layer, options);
        before[a] = (int) (total / 2);
        after[a] = (int) (total - before[a]);
      }
    } else {
      this.before = perAxis("padding", options.padding().sizes(), 0);
      this.after = before.clone();
    }
  }

  /** The values of {@code name} for axes H and W; a 1-D layer's height axis gets {@code flat}, which leaves it as is. */
  private int[] perAxis(String name, List<Integer> values, int flat) {
    checkArgument(values.size() == 1 || values.size() == spatial,
        "%s: %s needs %s; got %s", layer, name, spatial == 1 ? "1 value" : "1 or 2 values", values);
    int last = values.get(values.size() - 1);
    return new int[] {spatial == 1 ? flat : values.get(0), last};
  }

  String layer() {
    return layer;
  }

  /** The stride along axis {@code axis}: 0 for the height (1 for a 1-D layer), 1 for the width. */
  int stride(int axis) {
    return stride[axis];
  }

  ConvOptions options() {
    return options;
  }

  /** The weight's shape: {@code [out, in / groups, k…]}, or {@code [in, out / groups, k…]} when transposed. */
  Shape weightShape(boolean transposed) {
    int leading = transposed ? options.in() : options.out();
    int perGroup = (transposed ? options.out() : options.in()) / options.groups();
    long elements = product(leading, perGroup, kernel[0], kernel[1]);
    checkArgument(elements <= Integer.MAX_VALUE, "%s: the weight %s has more than 2^31 - 1 elements; got [%s, %s, %s]",
        layer, transposed ? "[in, out / groups, k…]" : "[out, in / groups, k…]", leading, perGroup,
        spatial == 1 ? kernel[1] : kernel[0] + ", " + kernel[1]);
    return spatial == 1 ? Shape.of(leading, perGroup, kernel[1]) : Shape.of(leading, perGroup, kernel[0], kernel[1]);
  }

  /** The weight drawn by {@code init} with PyTorch's fans, and a zero bias or none. */
  Parameter[] parameters(boolean transposed, Init init, Random random) {
    Shape shape = weightShape(transposed);
    int taps = kernel[0] * kernel[1];
    int fanIn = shape.dim(1) * taps;
    int fanOut = shape.dim(0) * taps;
    Parameter weight = new Parameter(init.sample(shape, options.dtype(), fanIn, fanOut, random));
    Parameter bias = options.bias()
        ? new Parameter(NdArray.zeros(Shape.of(options.out()), options.dtype()))
        : null;
    return new Parameter[] {weight, bias};
  }

  /** The convolution of {@code x} ({@code [N, C, L]} or {@code [N, C, H, W]}) plus the bias, if any. */
  Tensor forward(Tensor x, Tensor weight, Tensor bias) {
    Tensor images = images(x);
    Shape s = images.shape();
    int n = s.dim(0);
    // every size in long: a padded side passes 2^31 - 1 once the padding passes 2^30
    SlidingWindow window = window(before);
    long height = (long) s.dim(2) + after[0] - before[0];
    long width = (long) s.dim(3) + after[1] - before[1];
    checkArgument(height <= Integer.MAX_VALUE && width <= Integer.MAX_VALUE && window.fits((int) height, (int) width),
        "%s: the kernel does not fit the padded input; got %s", layer, geometry(x));
    long outH = window.outHeight((int) height);
    long outW = window.outWidth((int) width);
    checkArgument(product(n, options.out(), outH, outW) <= Integer.MAX_VALUE,
        "%s: the output has more than 2^31 - 1 elements; got %s, output [%s, %s, %s]",
        layer, geometry(x), n, options.out(), spatial == 1 ? outW : outH + ", " + outW);
    long patch = product(options.in(), kernel[0], kernel[1]);
    // unfold builds one image's columns even for an empty batch, so they must fit on their own too
    checkArgument(product(Math.max(n, 1), patch, outH, outW) <= Integer.MAX_VALUE,
        "%s: the columns [N, in·kH·kW, L] of the input's patches have more than 2^31 - 1 elements;"
            + " got %s, columns [%s, %s, %s]", layer, geometry(x), n, patch, product(outH, outW));
    for (int a = 0; a < 2; a++) {
      images = after[a] > before[a] ? images.pad(2 + a, 0, after[a] - before[a]) : images;
    }
    Tensor columns = images.unfold(window);
    int g = options.groups();
    int out = options.out();
    int length = (int) (outH * outW);
    Tensor y = g == 1
        ? batchProduct(weight.reshape(out, -1), columns, n, (int) patch, length)
        : weight.reshape(g, out / g, -1).matmul(columns.reshape(n, g, (int) patch / g, length));
    return result(y, bias, n, (int) outH, (int) outW);
  }

  /**
   * The transposed convolution of {@code x} {@code [N, in, H, W]}: each input pixel scatters the weight's
   * kernel into the output, which has {@code (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1}
   * rows (likewise columns).
   */
  Tensor transposed(Tensor x, Tensor weight, Tensor bias, int[] outputPadding) {
    Tensor images = images(x);
    Shape s = images.shape();
    int n = s.dim(0);
    long[] size = new long[2];
    for (int a = 0; a < 2; a++) {
      size[a] = ((long) s.dim(2 + a) - 1) * stride[a] - 2L * before[a] + (long) dilation[a] * (kernel[a] - 1)
          + outputPadding[a] + 1;
    }
    checkArgument(size[0] > 0 && size[1] > 0 && product(n, options.out(), size[0], size[1]) <= Integer.MAX_VALUE,
        "%s: the output would have %sx%s pixels; got %s", layer, size[0], size[1], geometry(x));
    int g = options.groups();
    int out = options.out();
    int pixels = s.dim(2) * s.dim(3);
    int taps = kernel[0] * kernel[1];
    Tensor columns = g == 1
        ? weight.reshape(options.in(), -1).transpose().matmul(images.reshape(n, options.in(), pixels))
        : weight.reshape(g, options.in() / g, out / g * taps).transpose(1, 2)
            .matmul(images.reshape(n, g, options.in() / g, pixels));
    Tensor y = columns.reshape(n, out * taps, pixels).fold((int) size[0], (int) size[1], window(before));
    return result(y, bias, n, (int) size[0], (int) size[1]);
  }

  /**
   * {@code [out, P] @ [N, P, L] → [N, out, L]} as one product {@code [out, P] @ [P, N·L]}: the images'
   * columns side by side, so the kernel multiplies one large matrix rather than N small ones (which run at
   * half its speed), and the weight's gradient is one product too. The two permutes move whole rows of L.
   */
  private static Tensor batchProduct(Tensor weight, Tensor columns, int n, int patch, int length) {
    int out = weight.shape().dim(0);
    Tensor wide = columns.permute(1, 0, 2).reshape(patch, n * length);
    return weight.matmul(wide).reshape(out, n, length).permute(1, 0, 2);
  }

  /** {@code x} as images {@code [N, C, H, W]}, after checking its rank and channels. */
  private Tensor images(Tensor x) {
    Shape s = x.shape();
    checkArgument(x.rank() == spatial + 2, "%s: expected input %s; got %s",
        layer, spatial == 1 ? "[N, C, L]" : "[N, C, H, W]", s);
    checkArgument(s.dim(1) == options.in(), "%s: expected %s input channels; got %s", layer, options.in(), s);
    return spatial == 1 ? x.unsqueeze(2) : x;
  }

  /** {@code y} {@code [N, out, …]} reshaped to the output's spatial axes, plus the bias. */
  private Tensor result(Tensor y, Tensor bias, int n, int outH, int outW) {
    Tensor shaped = spatial == 1 ? y.reshape(n, options.out(), outW) : y.reshape(n, options.out(), outH, outW);
    if (bias == null) {
      return shaped;
    }
    int[] column = new int[spatial + 1];
    Arrays.fill(column, 1);
    column[0] = options.out();
    return shaped.add(bias.reshape(column));
  }

  private SlidingWindow window(int[] padding) {
    return new SlidingWindow(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
  }

  /** The input shape and this layer's window, for error messages. */
  private String geometry(Tensor x) {
    String padding = options.padding().sameSize() ? "same" : pair(before);
    return "input " + x.shape() + ", kernel " + (spatial == 1 ? kernel[1] : kernel[0] + "x" + kernel[1])
        + ", stride " + pair(stride) + ", padding " + padding
        + (dilation[0] * dilation[1] == 1 ? "" : ", dilation " + pair(dilation));
  }

  /** One value for a 1-D layer or equal sides, else {@code HxW}. */
  private String pair(int[] values) {
    return spatial == 1 || values[0] == values[1] ? Integer.toString(values[1]) : values[0] + "x" + values[1];
  }

  /** The product of non-negative factors, or {@link Long#MAX_VALUE} once it passes long. */
  static long product(long... factors) {
    try {
      long p = 1;
      for (long f : factors) {
        p = Math.multiplyExact(p, f);
      }
      return p;
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
