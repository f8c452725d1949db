package dev.chainrule.nn.train;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * A model's loss and metrics on a dataset, computed in evaluation mode without recording a graph.
 *
 * @param loss the loss averaged over examples
 * @param metrics each metric averaged over examples, in the order the trainer was given them
 */
public record Evaluation(double loss, Map<String, Double> metrics) {
  /**
   * Copies the metrics into an immutable map of the same order.
   *
   * @param loss the loss averaged over examples
   * @param metrics each metric averaged over examples, in the order the trainer was given them
   */
  public Evaluation {
    metrics = ImmutableMap.copyOf(metrics);
  }
}
