package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Parameter;

/** Test helpers: parameters from numbers, and gradients set exactly through a backward pass. */
final class Params {
  private Params() {}

  /** A float64 vector parameter. */
  static Parameter of(double... values) {
    return new Parameter(NdArray.of(values));
  }

  /** Gives {@code p} exactly the gradient {@code g}: the gradient of {@code Σ w·g} is {@code g}. */
  static void setGrad(Parameter p, double... g) {
    NdArray gradient = NdArray.of(p.shape(), g).to(p.dtype());
    p.tensor().mul(Tensor.of(gradient)).sum().backward();
  }

  /** The single element of a one-element parameter. */
  static double item(Parameter p) {
    return p.value().item();
  }

  /** One optimizer step on a one-element parameter with gradient {@code g}; returns the new value. */
  static double stepWith(Optimizer optimizer, Parameter p, double g) {
    setGrad(p, g);
    optimizer.step();
    return item(p);
  }
}
