package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * How the partitions' work is combined into one model.
 *
 * <ul>
 *   <li>{@link #synchronous()}: every step, each partition computes the gradient of its slice of the
 *       global batch from the same parameters, the driver sums them in partition order and takes one
 *       optimizer step. Equal, bit for bit, to one JVM accumulating the same slices in the same order
 *       ({@link SparkTrainer#fitLocally}); each step costs one Spark job.
 *   <li>{@link #parameterAveraging(int)}: each partition takes {@code k} optimizer steps of its own on its
 *       own batches, then the driver averages the parameters, buffers and optimizer states. One job per
 *       {@code k} steps, so far cheaper on a large cluster, but it is not the single-JVM algorithm: the
 *       result depends on {@code k} and on the number of partitions.
 * </ul>
 */
public sealed interface Strategy extends Serializable {
  /**
   * Synchronous data-parallel SGD: one gradient per partition per step, summed in partition order.
   *
   * @return the strategy
   */
  static Strategy synchronous() {
    return new Synchronous();
  }

  /**
   * Local training with parameter averaging every {@code localSteps} steps.
   *
   * @param localSteps the steps each partition takes between two averagings, positive
   * @return the strategy
   * @throws IllegalArgumentException if {@code localSteps} is not positive
   */
  static Strategy parameterAveraging(int localSteps) {
    checkArgument(localSteps > 0, "parameterAveraging: local steps must be positive; got %s", localSteps);
    return new ParameterAveraging(localSteps);
  }

  /** Synchronous training; see {@link Strategy#synchronous()}. */
  record Synchronous() implements Strategy {}

  /**
   * Parameter averaging; see {@link Strategy#parameterAveraging(int)}.
   *
   * @param localSteps the steps each partition takes between two averagings
   */
  record ParameterAveraging(int localSteps) implements Strategy {}
}
