package dev.chainrule.autodiff.op;

/** An elementwise relation between two numbers; comparisons yield 1 where true and 0 where false. */
public enum Comparison {
  /** {@code a > b}. */
  GREATER(">"),
  /** {@code a >= b}. */
  GREATER_OR_EQUAL(">="),
  /** {@code a < b}. */
  LESS("<"),
  /** {@code a <= b}. */
  LESS_OR_EQUAL("<="),
  /** {@code a == b}. */
  EQUAL("=="),
  /** {@code a != b}. */
  NOT_EQUAL("!=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  /**
   * Whether the relation holds; any comparison with NaN is false except {@code !=}.
   *
   * @param a the left operand
   * @param b the right operand
   * @return whether {@code a relation b} holds
   */
  public boolean test(double a, double b) {
    switch (this) {
      case GREATER:
        return a > b;
      case GREATER_OR_EQUAL:
        return a >= b;
      case LESS:
        return a < b;
      case LESS_OR_EQUAL:
        return a <= b;
      case EQUAL:
        return a == b;
      default:
        return a != b;
    }
  }

  /** The operator symbol, e.g. {@code >=}. */
  @Override
  public String toString() {
    return symbol;
  }
}
