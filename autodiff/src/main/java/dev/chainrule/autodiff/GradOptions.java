package dev.chainrule.autodiff;

/**
 * How a backward pass treats the graph.
 *
 * <p>By default the graph is freed as the pass walks it (saved values become garbage) and the gradients
 * are plain values. {@link #retainingGraph()} keeps the graph for another backward through it;
 * {@link #creatingGraph()} records the backward computation itself, so the gradients can be
 * differentiated again (grad of grad, Hessian-vector products); it implies retaining the graph.
 *
 * @param retainGraph keep the graph after the pass
 * @param createGraph record the pass as a differentiable graph
 */
public record GradOptions(boolean retainGraph, boolean createGraph) {
  private static final GradOptions DEFAULTS = new GradOptions(false, false);

  /**
   * Validates that creating a graph also retains it.
   *
   * @param retainGraph keep the graph after the pass
   * @param createGraph record the pass as a differentiable graph
   */
  public GradOptions {
    if (createGraph && !retainGraph) {
      throw new IllegalArgumentException("GradOptions: createGraph needs retainGraph; use GradOptions.creatingGraph()");
    }
  }

  /**
   * Free the graph, plain gradients.
   *
   * @return options that free the graph and record nothing
   */
  public static GradOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Keep the graph for another backward pass.
   *
   * @return options that keep the graph
   */
  public static GradOptions retainingGraph() {
    return new GradOptions(true, false);
  }

  /**
   * Record the backward pass so its gradients are differentiable (and keep the graph).
   *
   * @return options that record the pass and keep the graph
   */
  public static GradOptions creatingGraph() {
    return new GradOptions(true, true);
  }
}
