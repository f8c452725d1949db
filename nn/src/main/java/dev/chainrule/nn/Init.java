package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.Random;

/**
 * How a weight array is initialised from its fan-in and fan-out, drawing from a caller's seeded
 * {@link Random} (there is no global generator).
 *
 * <p>Xavier/Glorot (Glorot &amp; Bengio 2010) keeps activations' variance steady for tanh and sigmoid
 * units: variance {@code 2 / (fanIn + fanOut)}. He/Kaiming (He et al. 2015) does so for ReLU units:
 * variance {@code 2 / fanIn}.
 */
@FunctionalInterface
public interface Init {
  /**
   * Samples an array of {@code shape} for a layer with these fans.
   *
   * @param shape the shape of the array
   * @param dtype float32 or float64
   * @param fanIn the number of inputs feeding each output unit
   * @param fanOut the number of outputs each input unit feeds
   * @param random the source of the samples
   * @return the sampled array
   */
  NdArray sample(Shape shape, DType dtype, int fanIn, int fanOut, Random random);

  /**
   * Uniform in {@code ±√(6 / (fanIn + fanOut))}.
   *
   * @return the Xavier (Glorot) uniform initializer
   */
  static Init xavierUniform() {
    return (shape, dtype, fanIn, fanOut, random) -> {
      double bound = Math.sqrt(6.0 / (fanIn + fanOut));
      return NdArray.uniform(shape, dtype, -bound, bound, random);
    };
  }

  /**
   * Normal with standard deviation {@code √(2 / (fanIn + fanOut))}.
   *
   * @return the Xavier (Glorot) normal initializer
   */
  static Init xavierNormal() {
    return (shape, dtype, fanIn, fanOut, random) ->
        scaled(NdArray.randn(shape, DType.FLOAT64, random), Math.sqrt(2.0 / (fanIn + fanOut)), dtype);
  }

  /**
   * Uniform in {@code ±√(6 / fanIn)}.
   *
   * @return the He (Kaiming) uniform initializer
   */
  static Init heUniform() {
    return (shape, dtype, fanIn, fanOut, random) -> {
      double bound = Math.sqrt(6.0 / fanIn);
      return NdArray.uniform(shape, dtype, -bound, bound, random);
    };
  }

  /**
   * Normal with standard deviation {@code √(2 / fanIn)}.
   *
   * @return the He (Kaiming) normal initializer
   */
  static Init heNormal() {
    return (shape, dtype, fanIn, fanOut, random) ->
        scaled(NdArray.randn(shape, DType.FLOAT64, random), Math.sqrt(2.0 / fanIn), dtype);
  }

  /**
   * Uniform in {@code [low, high)}, regardless of the fans.
   *
   * @param low the lower bound, inclusive
   * @param high the upper bound, exclusive
   * @return the initializer
   */
  static Init uniform(double low, double high) {
    checkArgument(low < high, "uniform init: low must be below high; got %s and %s", low, high);
    return (shape, dtype, fanIn, fanOut, random) -> NdArray.uniform(shape, dtype, low, high, random);
  }

  /**
   * All zeros.
   *
   * @return the initializer
   */
  static Init zeros() {
    return (shape, dtype, fanIn, fanOut, random) -> NdArray.zeros(shape, dtype);
  }

  private static NdArray scaled(NdArray x, double factor, DType dtype) {
    return x.map(v -> v * factor).to(dtype);
  }
}
