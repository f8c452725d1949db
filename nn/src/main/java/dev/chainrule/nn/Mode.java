package dev.chainrule.nn;

/**
 * Training or evaluation, per thread: layers such as dropout and batch normalization behave differently
 * in each. Training is the default; evaluate inside a scope:
 *
 * <pre>{@code
 * try (ModeScope eval = Mode.eval()) {
 *   accuracy = ...model.forward(x)...;
 * }
 * }</pre>
 *
 * <p>Like autodiff's no-grad scope this is thread-confined, never global: a model can be trained on one
 * thread while another evaluates a copy.
 */
public final class Mode {
  private static final ThreadLocal<ModeScope.State> STATE = ThreadLocal.withInitial(ModeScope.State::new);

  private Mode() {}

  /**
   * Whether layers on this thread are in training mode.
   *
   * @return true in training mode, false in evaluation mode
   */
  public static boolean isTraining() {
    return STATE.get().training;
  }

  /**
   * Switches this thread to evaluation mode until the scope is closed.
   *
   * @return the scope; closing it restores the previous mode
   */
  public static ModeScope eval() {
    return ModeScope.open(STATE.get(), false);
  }

  /**
   * Switches this thread to training mode until the scope is closed.
   *
   * @return the scope; closing it restores the previous mode
   */
  public static ModeScope train() {
    return ModeScope.open(STATE.get(), true);
  }
}
