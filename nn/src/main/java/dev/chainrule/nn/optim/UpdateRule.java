package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.array.NdArray;
import java.util.Map;

/**
 * How one parameter moves given its gradient: the immutable configuration of an optimizer such as
 * {@link Sgd} or {@link Adam}.
 *
 * <p>A rule holds no state. What it must remember between steps (momentum, moment estimates) it declares
 * as named slots in {@link #initialState}; the {@link Optimizer} keeps one set of slots per parameter,
 * hands them to {@link #apply} and stores the slots the update returns. Updates are computed on arrays,
 * outside any graph, in the parameter's dtype.
 */
public interface UpdateRule {
  /**
   * The learning rate an optimizer starts with; the optimizer may change its own copy later.
   *
   * @return the initial learning rate
   */
  double learningRate();

  /**
   * The state slots for a parameter that has not been updated yet, by name, in a fixed order (often
   * zeros shaped like {@code value}); empty for a rule without state.
   *
   * @param value the parameter's initial value
   * @return the slots, by name
   */
  Map<String, NdArray> initialState(NdArray value);

  /**
   * One update of one parameter.
   *
   * @param value the parameter's current value
   * @param grad its gradient (already clipped), same shape and dtype as {@code value}
   * @param state its slots, with the names and shapes {@link #initialState} gave
   * @param learningRate the optimizer's current learning rate
   * @return the new value and the new slots (same names, shapes and dtypes)
   */
  Update apply(NdArray value, NdArray grad, Map<String, NdArray> state, double learningRate);

  /**
   * The result of {@link #apply}: a parameter's new value and its new state slots.
   *
   * @param value the new value of the parameter
   * @param state the new slots, in the order of {@link #initialState}
   */
  record Update(NdArray value, Map<String, NdArray> state) {
    /**
     * Copies the slots, keeping their order.
     *
     * @param value the new value of the parameter
     * @param state the new slots, in the order of {@link #initialState}
     */
    public Update {
      checkNotNull(value, "update: value is null");
      state = ImmutableMap.copyOf(state);
    }
  }
}
