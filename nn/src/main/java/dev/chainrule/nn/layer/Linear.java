package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import java.util.Map;
import java.util.Random;

/**
 * A fully connected layer {@code y = x·Wᵀ + b} over the last axis of its input.
 *
 * <p>The weight has shape {@code [out, in]} and the bias {@code [out]}, PyTorch's layout, so saved
 * weights line up with {@code torch.nn.Linear}. The product uses the transpose-absorbing matmul, so
 * {@code Wᵀ} is never materialized.
 */
public final class Linear implements Module {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  private Linear(int in, int out, Parameter weight, Parameter bias) {
    this.in = in;
    this.out = out;
    this.weight = weight;
    this.bias = bias;
  }

  /**
   * A float64 layer with bias, Xavier-uniform weights and zero bias.
   *
   * @param in the input features, positive
   * @param out the output features, positive
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Linear create(int in, int out, Random random) {
    return create(in, out, DType.FLOAT64, Init.xavierUniform(), random);
  }

  /**
   * A layer with bias (initialised to zero) and weights drawn by {@code init}.
   *
   * @param in the input features, positive
   * @param out the output features, positive
   * @param dtype float32 or float64
   * @param init draws the initial weights
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Linear create(int in, int out, DType dtype, Init init, Random random) {
    return new Linear(in, out, weight(in, out, dtype, init, random), new Parameter(NdArray.zeros(Shape.of(out), dtype)));
  }

  /**
   * A layer without bias.
   *
   * @param in the input features, positive
   * @param out the output features, positive
   * @param dtype float32 or float64
   * @param init draws the initial weights
   * @param random the source of the initial weights
   * @return the layer
   */
  public static Linear withoutBias(int in, int out, DType dtype, Init init, Random random) {
    return new Linear(in, out, weight(in, out, dtype, init, random), null);
  }

  private static Parameter weight(int in, int out, DType dtype, Init init, Random random) {
    checkArgument(in > 0 && out > 0, "linear: sizes must be positive; got in %s, out %s", in, out);
    return new Parameter(init.sample(Shape.of(out, in), dtype, in, out, random));
  }

  /**
   * The weight, shape {@code [out, in]}.
   *
   * @return the weight
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * Whether the layer adds a bias.
   *
   * @return true if the layer has a bias
   */
  public boolean hasBias() {
    return bias != null;
  }

  @Override
  public Tensor forward(Tensor x) {
    checkArgument(
        x.rank() >= 1 && x.shape().dim(-1) == in,
        "linear: expected input with last dimension %s; got %s", in, x.shape());
    Tensor rows = x.rank() == 2 ? x : x.reshape(-1, in);
    Tensor y = bias == null ? rows.matmulTransposed(weight.tensor()) : rows.linear(weight.tensor(), bias.tensor());
    if (x.rank() == 2) {
      return y;
    }
    int[] dims = x.shape().toArray();
    dims[dims.length - 1] = out;
    return y.reshape(dims);
  }

  @Override
  public Map<String, Parameter> localParameters() {
    return WeightAndBias.of(weight, bias);
  }

  @Override
  public String toString() {
    return "Linear(" + in + " → " + out + (bias == null ? ", no bias" : "") + ")";
  }
}
