package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Conv1d, Conv2d and ConvTranspose2d over random options (rectangular kernels, per-axis stride, explicit
 * and "same" padding, dilation, groups, with and without bias), in float64: forward against the
 * convolution written out from its definition, the transposed layer as the adjoint of the plain one, and
 * first- and second-order gradients against central finite differences.
 */
class ConvolutionPropertiesTest {

  /** Options for a 2-D layer, and an input size the kernel fits. */
  record Case(ConvOptions options, int batch, int height, int width) {
    int[] kernel() {
      return sides(options.kernel());
    }

    int[] stride() {
      return sides(options.stride());
    }

    int[] dilation() {
      return sides(options.dilation());
    }

    /** The zeros before each axis; after is the same unless "same" padding needs one more. */
    int[] before() {
      if (options.padding().sameSize()) {
        return new int[] {dilation()[0] * (kernel()[0] - 1) / 2, dilation()[1] * (kernel()[1] - 1) / 2};
      }
      return sides(options.padding().sizes());
    }

    int[] after() {
      if (options.padding().sameSize()) {
        return new int[] {dilation()[0] * (kernel()[0] - 1) - before()[0], dilation()[1] * (kernel()[1] - 1) - before()[1]};
      }
      return before();
    }

    int outHeight() {
      return (height + before()[0] + after()[0] - dilation()[0] * (kernel()[0] - 1) - 1) / stride()[0] + 1;
    }

    int outWidth() {
      return (width + before()[1] + after()[1] - dilation()[1] * (kernel()[1] - 1) - 1) / stride()[1] + 1;
    }

    private static int[] sides(List<Integer> values) {
      return new int[] {values.get(0), values.get(values.size() - 1)};
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> small = Arbitraries.integers().between(1, 3);
    Arbitrary<Integer> groups = Arbitraries.integers().between(1, 2);
    Arbitrary<ConvOptions> options = Combinators.combine(
            groups, small, small, small, small, small, Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, 3))
        .as((g, inPerGroup, outPerGroup, kH, kW, sH, dH, paddingMode) -> {
          ConvOptions o = ConvOptions.of(g * inPerGroup, g * outPerGroup, kH, kW).withGroups(g).withDilation(dH, 1);
          return switch (paddingMode) {
            case 0 -> o.withStride(sH, 1);
            case 1 -> o.withStride(sH, 2).withPadding(1, 0);
            case 2 -> o.withPadding(ConvPadding.same()).withBias(false);
            default -> o.withStride(sH).withPadding(2).withBias(false);
          };
        });
    return options.flatMap(o -> Combinators.combine(
            Arbitraries.integers().between(1, 2), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
        .as((n, extraH, extraW) -> {
          Case fitted = new Case(o, n, 1, 1);
          int minH = Math.max(1, fitted.dilation()[0] * (fitted.kernel()[0] - 1) + 1 - fitted.before()[0] - fitted.after()[0]);
          int minW = Math.max(1, fitted.kernel()[1] - fitted.before()[1] - fitted.after()[1]);
          return new Case(o, n, minH + extraH, minW + extraW);
        }));
  }

  private static NdArray uniform(Shape shape, Random random) {
    return NdArray.uniform(shape, DType.FLOAT64, -1, 1, random);
  }

  @Property(tries = 60)
  void conv2dIsTheConvolutionWrittenOut(@ForAll("cases") Case c, @ForAll long seed) {
    Random random = new Random(seed);
    Conv2d conv = Conv2d.create(c.options(), random);
    NdArray x = uniform(Shape.of(c.batch(), c.options().in(), c.height(), c.width()), random);
    NdArray bias = c.options().bias() ? uniform(Shape.of(c.options().out()), random) : null;
    if (bias != null) {
      conv.bias().update(bias);
    }

    NdArray actual = conv.forward(Tensor.of(x)).value();

    assertClose(direct(c, x, conv.weight().value(), bias), actual);
  }

  @Property(tries = 30)
  void conv1dIsConv2dOnImagesOneRowHigh(@ForAll("cases") Case c, @ForAll long seed) {
    Random random = new Random(seed);
    ConvOptions options = new ConvOptions(c.options().in(), c.options().out(), List.of(c.kernel()[1]),
        List.of(c.stride()[1]), c.options().padding().sameSize() ? ConvPadding.same() : ConvPadding.of(c.before()[1]),
        List.of(1), c.options().groups(), c.options().bias(), DType.FLOAT64);
    Conv1d conv = Conv1d.create(options, random);
    NdArray x = uniform(Shape.of(c.batch(), options.in(), c.width()), random);
    Case flat = new Case(new ConvOptions(options.in(), options.out(), List.of(1, c.kernel()[1]), List.of(1, c.stride()[1]),
        options.padding().sameSize() ? ConvPadding.same() : ConvPadding.of(0, c.before()[1]), List.of(1),
        options.groups(), false, DType.FLOAT64), c.batch(), 1, c.width());
    NdArray w = conv.weight().value();

    NdArray actual = conv.forward(Tensor.of(x)).value();

    NdArray expected = direct(flat, Tensor.of(x).unsqueeze(2).value(), Tensor.of(w).unsqueeze(2).value(), null);
    assertClose(Tensor.of(expected).squeeze(2).value(), actual);
  }

  /** {@code <convT(x), y> = <x, conv(y)>} with the same weight, conv going from convT's outputs back to its inputs. */
  @Property(tries = 40)
  void convTranspose2dIsTheAdjointOfConv2d(@ForAll("cases") Case c, @ForAll long seed) {
    Assume.that(!c.options().padding().sameSize()); // a transposed layer takes explicit padding only
    Random random = new Random(seed);
    ConvOptions forward = c.options().withBias(false);
    ConvOptions backward = new ConvOptions(forward.out(), forward.in(), forward.kernel(), forward.stride(),
        forward.padding(), forward.dilation(), forward.groups(), false, DType.FLOAT64);
    Conv2d conv = Conv2d.create(forward, random);
    // the transposed layer maps conv's output size back to some input size, up to stride - 1 rows short
    int outputPaddingH = (c.height() + c.before()[0] * 2 - c.dilation()[0] * (c.kernel()[0] - 1) - 1) % c.stride()[0];
    int outputPaddingW = (c.width() + c.before()[1] * 2 - c.dilation()[1] * (c.kernel()[1] - 1) - 1) % c.stride()[1];
    ConvTranspose2d transposed = ConvTranspose2d.create(backward, outputPaddingH, outputPaddingW,
        dev.chainrule.nn.Init.heUniform(), random);
    transposed.weight().update(conv.weight().value());
    NdArray x = uniform(Shape.of(c.batch(), forward.in(), c.height(), c.width()), random);
    NdArray y = uniform(Shape.of(c.batch(), forward.out(), c.outHeight(), c.outWidth()), random);

    Tensor spread = transposed.forward(Tensor.of(y));

    assertEquals(Shape.of(c.batch(), forward.in(), c.height(), c.width()), spread.shape());
    double left = conv.forward(Tensor.of(x)).mul(Tensor.of(y)).sum().item();
    double right = Tensor.of(x).mul(spread).sum().item();
    assertEquals(left, right, 1e-12 * (1 + Math.abs(left)));
  }

  @Property(tries = 25)
  void conv2dGradientsMatchFiniteDifferences(@ForAll("cases") Case c, @ForAll long seed) {
    Convolution convolution = new Convolution("conv2d", 2, c.options());
    List<NdArray> inputs = inputs(c, convolution.weightShape(false), new Random(seed));
    GradCheck.check(ts -> convolution.forward(ts.get(0), ts.get(1), ts.size() > 2 ? ts.get(2) : null), inputs)
        .assertPassed();
  }

  /** The transposed layer from the plain one's output size back to its input size, as in the adjoint test. */
  @Property(tries = 25)
  void convTranspose2dGradientsMatchFiniteDifferences(@ForAll("cases") Case c, @ForAll long seed) {
    Assume.that(!c.options().padding().sameSize()); // a transposed layer takes explicit padding only
    ConvOptions o = c.options();
    ConvOptions backward = new ConvOptions(o.out(), o.in(), o.kernel(), o.stride(), o.padding(), o.dilation(),
        o.groups(), o.bias(), DType.FLOAT64);
    Convolution convolution = new Convolution("convTranspose2d", 2, backward);
    int[] outputPadding = {
      (c.height() + c.before()[0] * 2 - c.dilation()[0] * (c.kernel()[0] - 1) - 1) % c.stride()[0],
      (c.width() + c.before()[1] * 2 - c.dilation()[1] * (c.kernel()[1] - 1) - 1) % c.stride()[1]};
    Random random = new Random(seed);
    NdArray x = uniform(Shape.of(c.batch(), o.out(), c.outHeight(), c.outWidth()), random);
    NdArray w = uniform(convolution.weightShape(true), random);
    List<NdArray> inputs = o.bias() ? List.of(x, w, uniform(Shape.of(o.in()), random)) : List.of(x, w);
    GradCheck.check(
            ts -> convolution.transposed(ts.get(0), ts.get(1), ts.size() > 2 ? ts.get(2) : null, outputPadding), inputs)
        .assertPassed();
  }

  /** Second order: the convolutions are bilinear in input and weight, so their Hessian-vector products are exact. */
  @Property(tries = 8)
  void secondOrderGradientsMatchFiniteDifferences(@ForAll("cases") Case c, @ForAll long seed) {
    Convolution convolution = new Convolution("conv2d", 2, c.options());
    List<NdArray> inputs = inputs(c, convolution.weightShape(false), new Random(seed));
    GradCheck.defaults()
        .runSecondOrder(ts -> convolution.forward(ts.get(0), ts.get(1), ts.size() > 2 ? ts.get(2) : null).tanh(), inputs)
        .assertPassed();
  }

  private static List<NdArray> inputs(Case c, Shape weight, Random random) {
    NdArray x = uniform(Shape.of(c.batch(), c.options().in(), c.height(), c.width()), random);
    NdArray w = uniform(weight, random);
    return c.options().bias() ? List.of(x, w, uniform(Shape.of(c.options().out()), random)) : List.of(x, w);
  }

  private static void assertClose(NdArray expected, NdArray actual) {
    assertEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.getFlat(i), actual.getFlat(i), 1e-12, "flat position " + i);
    }
  }

  /** {@code y[n, o, r, s] = b[o] + Σ_{c,i,j} w[o, c, i, j] · x[n, g·C/G + c, r·sH − pH + i·dH, s·sW − pW + j·dW]}. */
  static NdArray direct(Case c, NdArray x, NdArray w, NdArray b) {
    int batch = x.shape().dim(0);
    int in = x.shape().dim(1);
    int height = x.shape().dim(2);
    int width = x.shape().dim(3);
    int out = w.shape().dim(0);
    int perGroup = w.shape().dim(1);
    int outPerGroup = out / (in / perGroup);
    int outH = c.outHeight();
    int outW = c.outWidth();
    int[] k = c.kernel();
    int[] s = c.stride();
    int[] d = c.dilation();
    int[] p = c.before();
    double[] y = new double[batch * out * outH * outW];
    int at = 0;
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < out; o++) {
        int group = o / outPerGroup;
        for (int r = 0; r < outH; r++) {
          for (int q = 0; q < outW; q++) {
            double sum = b == null ? 0 : b.get(o);
            for (int ch = 0; ch < perGroup; ch++) {
              for (int i = 0; i < k[0]; i++) {
                for (int j = 0; j < k[1]; j++) {
                  int row = r * s[0] - p[0] + i * d[0];
                  int col = q * s[1] - p[1] + j * d[1];
                  if (row >= 0 && row < height && col >= 0 && col < width) {
                    sum += w.get(o, ch, i, j) * x.get(n, group * perGroup + ch, row, col);
                  }
                }
              }
            }
            y[at++] = sum;
          }
        }
      }
    }
    return NdArray.of(Shape.of(batch, out, outH, outW), y);
  }
}
