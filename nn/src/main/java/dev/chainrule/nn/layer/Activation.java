package dev.chainrule.nn.layer;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.nn.Module;
import java.util.function.UnaryOperator;

/**
 * An elementwise (or per-axis) function as a layer, without parameters: sigmoid, tanh, ReLU, leaky ReLU,
 * GELU (exact and tanh), SiLU, ELU, softmax, log-softmax. Names follow PyTorch's modules.
 */
public final class Activation implements Module {
  private final String name;
  private final UnaryOperator<Tensor> function;

  private Activation(String name, UnaryOperator<Tensor> function) {
    this.name = name;
    this.function = function;
  }

  /**
   * The logistic function.
   *
   * @return the activation
   */
  public static Activation sigmoid() {
    return new Activation("Sigmoid", Tensor::sigmoid);
  }

  /**
   * Hyperbolic tangent.
   *
   * @return the activation
   */
  public static Activation tanh() {
    return new Activation("Tanh", Tensor::tanh);
  }

  /**
   * {@code max(x, 0)}.
   *
   * @return the activation
   */
  public static Activation relu() {
    return new Activation("ReLU", Tensor::relu);
  }

  /**
   * {@code x} above 0, {@code slope·x} below.
   *
   * @param slope the factor applied below 0, typically small such as 0.01
   * @return the activation
   */
  public static Activation leakyRelu(double slope) {
    return new Activation("LeakyReLU(" + slope + ")", x -> x.leakyRelu(slope));
  }

  /**
   * GELU, {@code x·Φ(x)} with the exact Gaussian CDF (PyTorch's {@code nn.GELU()}).
   *
   * @return the activation
   */
  public static Activation gelu() {
    return new Activation("GELU", Tensor::gelu);
  }

  /**
   * GELU's tanh approximation (PyTorch's {@code nn.GELU(approximate='tanh')}).
   *
   * @return the activation
   */
  public static Activation geluTanh() {
    return new Activation("GELU(tanh)", Tensor::geluTanh);
  }

  /**
   * SiLU (swish), {@code x·σ(x)}.
   *
   * @return the activation
   */
  public static Activation silu() {
    return new Activation("SiLU", Tensor::silu);
  }

  /**
   * ELU, {@code x} above 0 and {@code α·(e^x − 1)} below (PyTorch's {@code nn.ELU(alpha)}).
   *
   * @param alpha the scale {@code α} of the negative side, typically 1
   * @return the activation
   */
  public static Activation elu(double alpha) {
    checkArgument(alpha >= 0 && Double.isFinite(alpha), "elu: alpha must be finite and non-negative; got %s", alpha);
    return new Activation("ELU(" + alpha + ")", x -> x.elu(alpha));
  }

  /**
   * Softmax along {@code axis}.
   *
   * @param axis the axis to normalize over, negative counting from the end
   * @return the activation
   */
  public static Activation softmax(int axis) {
    return new Activation("Softmax(axis " + axis + ")", x -> x.softmax(axis));
  }

  /**
   * Log-softmax along {@code axis}.
   *
   * @param axis the axis to normalize over, negative counting from the end
   * @return the activation
   */
  public static Activation logSoftmax(int axis) {
    return new Activation("LogSoftmax(axis " + axis + ")", x -> x.logSoftmax(axis));
  }

  @Override
  public Tensor forward(Tensor input) {
    return function.apply(input);
  }

  @Override
  public String toString() {
    return name;
  }
}
