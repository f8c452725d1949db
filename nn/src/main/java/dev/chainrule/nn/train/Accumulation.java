package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.ParameterSchema;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.Reduction;
import dev.chainrule.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradients of a batch computed slice by slice and added up: plain gradient accumulation over
 * micro-batches, and the single-JVM reference of synchronous data-parallel training (each worker
 * computes {@link #gradient} on its slices, the gradients are {@link #sum summed}, and one
 * {@link Optimizer#step(List)} applies them).
 *
 * <p>Why this gives the mean loss's gradient: a loss that averages over a global batch of {@code B} is
 * {@code (1/B)·Σ ℓ_i}, and its gradient is the sum over any split of the batch into slices of
 * {@code (1/B)·∇Σ_{i ∈ slice} ℓ_i}, that is of each slice's <em>summed</em> loss scaled by {@code 1/B}.
 * Averaging per-slice means instead would weight unequal slices wrongly. The result equals the one-batch
 * gradient up to rounding (the additions happen in another order), and is bitwise reproducible for the
 * same slices in the same order.
 *
 * <p>The model's mode (training or evaluation) is the caller's to set; layers that draw random numbers
 * (dropout) draw one mask per forward pass, that is per slice.
 */
public final class Accumulation {
  private Accumulation() {}

  /**
   * One slice's gradient: zeroes the model's gradients, runs the model on {@code features}, takes
   * {@code summedLoss(prediction, targets) · scale} and backpropagates it, then returns each parameter's
   * gradient and zeroes the model's gradients again. A parameter the slice does not reach (an unused
   * embedding row's whole table, a branch not taken) gets zeros, not a failure.
   *
   * @param model the model
   * @param summedLoss a loss whose {@link Loss#reduction()} is {@link Reduction#SUM}
   * @param features the slice's inputs
   * @param targets the slice's targets
   * @param scale multiplies the loss, usually {@code 1 / globalBatch}; finite
   * @return the gradients by parameter name, in {@link Module#namedParameters()} order, unmodifiable
   * @throws IllegalArgumentException if the loss does not sum or the scale is not finite
   */
  public static Map<String, NdArray> gradient(
      Module model, Loss summedLoss, Tensor features, Tensor targets, double scale) {
    checkArgument(
        summedLoss.reduction() == Reduction.SUM,
        "accumulation: the loss must sum over examples (e.g. CrossEntropy.sum()); got %s with reduction %s",
        summedLoss, summedLoss.reduction());
    checkArgument(Double.isFinite(scale), "accumulation: scale must be finite; got %s", scale);
    model.zeroGrad();
    summedLoss.apply(model.forward(features), targets).mul(scale).backward();
    Map<String, NdArray> gradients = gradients(model);
    model.zeroGrad();
    return gradients;
  }

  /**
   * Each parameter's accumulated gradient by name, zeros for one that no backward pass reached.
   *
   * @param model the model
   * @return the gradients in {@link Module#namedParameters()} order, unmodifiable
   */
  public static Map<String, NdArray> gradients(Module model) {
    Map<String, NdArray> gradients = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      Parameter p = e.getValue();
      gradients.put(e.getKey(), p.hasGrad() ? p.grad() : NdArray.zeros(p.shape(), p.dtype()));
    }
    return Collections.unmodifiableMap(gradients);
  }

  /**
   * The elementwise sum of gradient maps in list order, {@code ((g0 + g1) + g2) …}, in each array's dtype
   * and through {@link Tensor#add}, so the bits equal those of accumulating the same slices with repeated
   * {@code backward()} calls.
   *
   * @param gradients maps with equal names, shapes and dtypes, at least one
   * @return the sums by name, unmodifiable, in the first map's order
   * @throws IllegalArgumentException if the list is empty or the maps' names, shapes or dtypes differ
   */
  public static Map<String, NdArray> sum(List<Map<String, NdArray>> gradients) {
    checkArgument(gradients != null && !gradients.isEmpty(), "accumulation: needs at least one gradient; got %s", gradients);
    ParameterSchema schema = ParameterSchema.of(gradients.get(0));
    for (int i = 1; i < gradients.size(); i++) {
      schema.check(gradients.get(i), "accumulation: gradient " + i + " differs from gradient 0");
    }
    Map<String, NdArray> sum = new LinkedHashMap<>();
    for (String name : schema.names()) {
      Tensor total = Tensor.of(gradients.get(0).get(name));
      for (int i = 1; i < gradients.size(); i++) {
        total = total.add(Tensor.of(gradients.get(i).get(name)));
      }
      sum.put(name, total.value());
    }
    return Collections.unmodifiableMap(sum);
  }

  /**
   * One optimizer step on a global batch given as slices: the {@link #gradient} of each slice
   * {@code {features, targets}} in order, scaled by {@code 1 / globalBatch}, then their {@link #sum}, then
   * {@link Optimizer#step(List)}. With {@code globalBatch} the count the mean loss divides by (examples for
   * {@code CrossEntropy}, elements of the targets for elementwise losses such as
   * {@code MeanSquaredError}), this is one step on the mean loss of the whole batch, up to rounding, and
   * bitwise reproducible for the same slices in the same order.
   *
   * @param model the model
   * @param optimizer an optimizer over {@code model.parameters()}, in that order
   * @param summedLoss a loss whose {@link Loss#reduction()} is {@link Reduction#SUM}
   * @param slices the batch's slices, each {@code {features, targets}}, at least one
   * @param globalBatch the count the mean loss divides by, positive
   * @throws IllegalArgumentException if there are no slices, a slice is not a pair, the batch size is not
   *     positive, or a gradient does not match the optimizer's parameters
   */
  public static void step(
      Module model, Optimizer optimizer, Loss summedLoss, List<Tensor[]> slices, int globalBatch) {
    checkArgument(!slices.isEmpty(), "accumulation: needs at least one slice; got none");
    checkArgument(globalBatch > 0, "accumulation: globalBatch must be positive; got %s", globalBatch);
    List<Map<String, NdArray>> gradients = new ArrayList<>();
    for (int i = 0; i < slices.size(); i++) {
      Tensor[] slice = slices.get(i);
      checkArgument(
          slice != null && slice.length == 2,
          "accumulation: slice %s must be {features, targets}; got %s tensors", i, slice == null ? 0 : slice.length);
      gradients.add(gradient(model, summedLoss, slice[0], slice[1], 1.0 / globalBatch));
    }
    optimizer.step(new ArrayList<>(sum(gradients).values()));
  }
}
