package dev.chainrule.autodiff.kernel;

/**
 * The functions of one argument that {@link Elementwise#apply} runs, each in a loop of its own: a shared
 * loop over a {@code DoubleUnaryOperator} calls through an interface the JIT cannot inline once many
 * functions pass through it, which measured 10-25 ns an element against about 1 for a loop of its own.
 */
public enum UnaryFunction {
  /** {@code -x}. */
  NEG,
  /** {@code |x|}. */
  ABS,
  /** {@code e^x}. */
  EXP,
  /** {@code ln x}. */
  LOG,
  /** {@code ln(1 + x)}. */
  LOG1P,
  /** {@code sin x}. */
  SIN,
  /** {@code cos x}. */
  COS,
  /** {@code tanh x}, {@link SpecialFunctions#tanh}. */
  TANH,
  /** The logistic function, {@link SpecialFunctions#logistic}. */
  SIGMOID,
  /** {@code max(x, 0)}, with NaN staying NaN. */
  RELU,
  /** The error function, {@link SpecialFunctions#erf}. */
  ERF
}
