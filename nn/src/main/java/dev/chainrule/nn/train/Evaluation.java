package dev.chainrule.nn.train;

import java.util.Map;

/**
 * A model's loss and metrics on a dataset, computed in evaluation mode without recording a graph.
 *
 * @param loss the loss averaged over examples
 * @param metrics each metric averaged over examples
 */
public record Evaluation(double loss, Map<String, Double> metrics) {
  /** Copies the metrics. */
  public Evaluation {
    metrics = Map.copyOf(metrics);
  }
}
