package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * ReLU's one-pass first-order backward gives the same bits as the composed rule it takes while something
 * records (the gradient times the mask {@code out > 0}), signed zeros, infinities and NaN included, in
 * both dtypes and on arrays large enough to be split across threads.
 */
class ReluBackwardTest {
  private static final double[] SPECIAL = {0.0, -0.0, 1, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-310};

  @Property(tries = 40)
  void theFusedBackwardEqualsTheComposedOneBitForBit(
      @ForAll @IntRange(min = 1, max = 70_000) int size, @ForAll boolean float32, @ForAll long seed) {
    Random random = new Random(seed);
    DType dtype = float32 ? DType.FLOAT32 : DType.FLOAT64;
    double[] xs = new double[size];
    double[] gs = new double[size];
    for (int i = 0; i < size; i++) {
      xs[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian();
      gs[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian();
    }
    Tensor x = Tensor.of(NdArray.of(Shape.of(size), xs).to(dtype));
    Tensor g = Tensor.of(NdArray.of(Shape.of(size), gs).to(dtype));
    Tensor out = x.relu();
    Tensor fused;
    try (GradScope off = Autodiff.noGrad()) {
      fused = new Relu().backward(g, x, out);
    }
    Tensor composed = g.mul(out.gt(0));
    assertArrayEquals(bits(composed.value()), bits(fused.value()), () -> dtype + " of " + size);
  }

  private static long[] bits(NdArray a) {
    double[] values = a.toDoubleArray();
    long[] bits = new long[values.length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Double.doubleToRawLongBits(values[i]);
    }
    return bits;
  }
}
