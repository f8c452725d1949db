package dev.chainrule.autodiff;

/**
 * Thrown when a backward pass reaches a part of the graph that an earlier backward pass already freed.
 *
 * <p>Pass {@link GradOptions#retainingGraph()} to the first backward to differentiate the same graph
 * twice, or recompute the forward pass.
 */
public final class GraphFreedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  GraphFreedException(String opName) {
    super(
        "backward: the graph behind '"
            + opName
            + "' was freed by an earlier backward pass; pass GradOptions.retainingGraph() to that"
            + " earlier backward to differentiate twice, or recompute the forward pass");
  }
}
