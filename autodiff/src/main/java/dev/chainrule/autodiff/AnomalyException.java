package dev.chainrule.autodiff;

/**
 * Thrown inside {@link Autodiff#detectAnomaly()} by the first op whose forward, or whose backward rule,
 * turned finite values into NaN or an infinity. The message names the op, the pass, the shapes and dtypes,
 * and the line of the caller's code that created the node.
 *
 * <p>An {@code ArithmeticException}, because the op ran as asked and it is the arithmetic that went
 * wrong (like division by zero), not the state of the library or the caller's arguments.
 */
public final class AnomalyException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  AnomalyException(String message) {
    super(message);
  }
}
