package dev.chainrule.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.optim.UpdateRule.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a list of parameters with an {@link UpdateRule}: the one place optimizer state lives and
 * changes.
 *
 * <p>It holds the rule, the parameters, each parameter's state slots (created at once, from
 * {@link UpdateRule#initialState}), the current learning rate and the step count. Only {@link #step},
 * {@link #setLearningRate} and {@link #loadState} change them, and {@link #step} is the caller of
 * {@link Parameter#update}. A training loop reads:
 *
 * <pre>{@code
 * Optimizer optimizer = Optimizer.create(Adam.of(1e-3), model.parameters());
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *   optimizer.setLearningRate(schedule.learningRate(epoch));
 *   for (Batch batch : batches) {
 *     optimizer.zeroGrad();
 *     loss(model, batch).backward();
 *     optimizer.step();
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe; use an optimizer from one thread at a time.
 */
public final class Optimizer {
  /** The key of the learning rate in {@link #state()}. */
  public static final String LEARNING_RATE = "learningRate";
  /** The key of the step count in {@link #state()}. */
  public static final String STEP_COUNT = "stepCount";

  private final UpdateRule rule;
  private final List<Parameter> parameters;
  private final GradientClipping clipping;
  private final List<Map<String, NdArray>> slots; // one immutable map per parameter, replaced on update
  private double learningRate;
  private long stepCount;

  private Optimizer(
      UpdateRule rule, List<Parameter> parameters, GradientClipping clipping,
      List<Map<String, NdArray>> slots, double learningRate, long stepCount) {
    this.rule = rule;
    this.parameters = parameters;
    this.clipping = clipping;
    this.slots = new ArrayList<>(slots);
    this.learningRate = learningRate;
    this.stepCount = stepCount;
  }

  /**
   * An optimizer at step 0 that updates {@code parameters} by {@code rule}, starting at the rule's
   * learning rate and without clipping. Each parameter may appear once.
   *
   * @param rule the update rule
   * @param parameters the parameters to update, each once
   * @return the optimizer
   */
  public static Optimizer create(UpdateRule rule, List<Parameter> parameters) {
    checkArgument(!parameters.isEmpty(), "optimizer: needs at least one parameter");
    List<Map<String, NdArray>> slots = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      for (int j = 0; j < i; j++) {
        checkArgument(
            parameters.get(i) != parameters.get(j), "optimizer: parameter %s is the same object as parameter %s", i, j);
      }
      slots.add(ImmutableMap.copyOf(rule.initialState(parameters.get(i).value())));
    }
    return new Optimizer(rule, List.copyOf(parameters), GradientClipping.none(), slots, rule.learningRate(), 0);
  }

  /**
   * A copy of this optimizer that clips the gradients before each update.
   *
   * <p>The copy starts from this optimizer's current slots, learning rate and step count; the two share
   * nothing mutable afterwards. They do update the same parameters, so keep using only one of them:
   * usually {@code Optimizer.create(rule, params).withClipping(c)}, before the first step.
   *
   * @param clipping applied to the gradients before each update
   * @return the copy
   */
  public Optimizer withClipping(GradientClipping clipping) {
    return new Optimizer(rule, parameters, clipping, slots, learningRate, stepCount);
  }

  /**
   * Updates every parameter that has a gradient: clips the gradients together, applies the rule, and
   * replaces each value through {@link Parameter#update} (which drops its gradient). Parameters without
   * a gradient are skipped and keep their slots. The step count grows by one either way.
   *
   * <p>All updates are computed before any parameter changes, so a failing rule changes nothing.
   */
  public void step() {
    List<NdArray> grads = new ArrayList<>();
    for (Parameter p : parameters) {
      grads.add(p.hasGrad() ? p.grad() : null);
    }
    apply(grads);
  }

  /**
   * Updates the parameters with gradients computed elsewhere (another thread, process or machine), one
   * per parameter in this optimizer's order; a null entry means that parameter has no gradient this step
   * and is skipped, as a parameter without a gradient is by {@link #step()}. Clipping, the rule and the
   * step count behave exactly as in {@link #step()}, which is this method given the parameters' own
   * gradients; those accumulated gradients are ignored here (and dropped by the update).
   *
   * <p>The list's size and every gradient's shape and dtype are checked before anything changes.
   *
   * @param grads one gradient or null per parameter, in the optimizer's parameter order
   * @throws IllegalArgumentException if the list has the wrong size, or a gradient's shape or dtype differs
   *     from its parameter's
   */
  public void step(List<NdArray> grads) {
    checkArgument(grads != null, "optimizer: gradients list is null");
    checkArgument(
        grads.size() == parameters.size(),
        "optimizer: expected one gradient per parameter; got %s gradients for %s parameters",
        grads.size(), parameters.size());
    for (int i = 0; i < grads.size(); i++) {
      NdArray g = grads.get(i);
      Parameter p = parameters.get(i);
      checkArgument(
          g == null || (g.shape().equals(p.shape()) && g.dtype() == p.dtype()),
          "optimizer: gradient %s does not match its parameter; expected %s%s, got %s%s",
          i, p.dtype(), p.shape(), g == null ? null : g.dtype(), g == null ? null : g.shape());
    }
    apply(new ArrayList<>(grads));
  }

  /** Clips the non-null gradients together, applies the rule and updates; the one path of both steps. */
  private void apply(List<NdArray> all) {
    List<Integer> active = new ArrayList<>();
    List<NdArray> grads = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) != null) {
        active.add(i);
        grads.add(all.get(i));
      }
    }
    List<NdArray> clipped = clipping.clip(List.copyOf(grads));
    checkState(
        clipped.size() == grads.size(), "optimizer: clipping returned %s gradients for %s", clipped.size(), grads.size());
    List<Update> updates = new ArrayList<>();
    for (int k = 0; k < active.size(); k++) {
      int i = active.get(k);
      Update update = rule.apply(parameters.get(i).value(), clipped.get(k), slots.get(i), learningRate);
      checkUpdate(i, update);
      updates.add(update);
    }
    for (int k = 0; k < active.size(); k++) {
      parameters.get(active.get(k)).update(updates.get(k).value());
      slots.set(active.get(k), updates.get(k).state());
    }
    stepCount++;
  }

  private void checkUpdate(int i, Update update) {
    NdArray value = parameters.get(i).value();
    checkState(
        update.value().shape().equals(value.shape()) && update.value().dtype() == value.dtype(),
        "optimizer: %s turned parameter %s of %s%s into %s%s",
        rule, i, value.dtype(), value.shape(), update.value().dtype(), update.value().shape());
    checkState(
        update.state().keySet().equals(slots.get(i).keySet()),
        "optimizer: %s returned slots %s for parameter %s; expected %s",
        rule, update.state().keySet(), i, slots.get(i).keySet());
  }

  /** Drops the accumulated gradient of every parameter. */
  public void zeroGrad() {
    for (Parameter p : parameters) {
      p.zeroGrad();
    }
  }

  /**
   * The learning rate the next {@link #step} uses.
   *
   * @return the learning rate
   */
  public double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate for the following steps (non-negative and finite); schedules call this.
   *
   * @param learningRate the new rate, non-negative and finite
   */
  public void setLearningRate(double learningRate) {
    Checks.nonNegative("optimizer", "learningRate", learningRate);
    this.learningRate = learningRate;
  }

  /**
   * The number of {@link #step} calls so far (plus the count of a loaded state).
   *
   * @return the number of steps taken
   */
  public long stepCount() {
    return stepCount;
  }

  /**
   * An immutable, insertion-ordered snapshot of everything needed to resume: {@code "learningRate"} and
   * {@code "stepCount"} as rank-0 float64 arrays, then each parameter's slots as
   * {@code "param.<index>.<slot>"}, e.g. {@code "param.3.velocity"}.
   *
   * <p>The parameters' values are not included: they belong to the model's state dict. Resuming is
   * {@code model.loadStateDict(saved)} plus {@link #loadState} on an optimizer with the same rule.
   *
   * @return the snapshot
   */
  public Map<String, NdArray> state() {
    ImmutableMap.Builder<String, NdArray> state = ImmutableMap.builder();
    state.put(LEARNING_RATE, NdArray.scalar(learningRate));
    state.put(STEP_COUNT, NdArray.scalar(stepCount));
    for (int i = 0; i < slots.size(); i++) {
      for (Map.Entry<String, NdArray> slot : slots.get(i).entrySet()) {
        state.put(slotKey(i, slot.getKey()), slot.getValue());
      }
    }
    return state.build();
  }

  /**
   * Replaces the learning rate, step count and every slot with the entries of a {@link #state()}
   * snapshot. Everything is checked first (the keys, which encode the parameter count, each entry's
   * shape and dtype, the values of the learning rate and step count) and an
   * {@code IllegalArgumentException} naming the key is thrown before anything changes.
   *
   * @param state a snapshot from {@link #state()} of an optimizer with the same rule and parameter count
   */
  public void loadState(Map<String, NdArray> state) {
    StateCheck.check(state(), state, parameters.size(), slots.get(0).keySet());
    learningRate = state.get(LEARNING_RATE).item();
    stepCount = (long) state.get(STEP_COUNT).item();
    for (int i = 0; i < slots.size(); i++) {
      ImmutableMap.Builder<String, NdArray> loaded = ImmutableMap.builder();
      for (String name : slots.get(i).keySet()) {
        loaded.put(name, state.get(slotKey(i, name)));
      }
      slots.set(i, loaded.build());
    }
  }

  private static String slotKey(int parameter, String slot) {
    return "param." + parameter + "." + slot;
  }

  @Override
  public String toString() {
    return "Optimizer(" + rule + ", " + parameters.size() + " parameters, lr " + learningRate + ", step " + stepCount + ")";
  }
}
