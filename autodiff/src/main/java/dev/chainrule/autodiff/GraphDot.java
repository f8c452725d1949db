package dev.chainrule.autodiff;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The computation graph behind some tensors as Graphviz DOT text, to look at what a model built.
 *
 * <p>Each tensor is a node labelled with its op (or "leaf"/"constant"), dtype and shape; edges point
 * from inputs to the tensor computed from them. Tensors that require grad are drawn filled, so the path
 * gradients flow along stands out; edges that carry no gradient are dashed; a node whose graph was freed
 * by a backward pass is marked. Render with {@code dot -Tpng graph.dot -o graph.png}.
 */
public final class GraphDot {
  private GraphDot() {}

  /**
   * DOT text for the graph reachable from {@code outputs} (iterative: any depth).
   *
   * @param outputs the tensors whose graph to draw
   * @return a Graphviz {@code digraph}
   */
  public static String of(Tensor... outputs) {
    Map<Tensor, Integer> ids = new IdentityHashMap<>();
    StringBuilder nodes = new StringBuilder();
    StringBuilder edges = new StringBuilder();
    Deque<Tensor> pending = new ArrayDeque<>();
    for (Tensor t : outputs) {
      if (!ids.containsKey(t)) {
        ids.put(t, ids.size());
        pending.push(t);
      }
    }
    while (!pending.isEmpty()) {
      Tensor t = pending.pop();
      nodes.append(node(ids.get(t), t, List.of(outputs).stream().anyMatch(o -> o == t)));
      for (Tensor input : t.inputs()) {
        if (!ids.containsKey(input)) {
          ids.put(input, ids.size());
          pending.push(input);
        }
        edges.append(String.format("  t%d -> t%d%s;%n", ids.get(input), ids.get(t),
            input.isGradRequired() ? "" : " [style=dashed, color=gray50]"));
      }
    }
    return "digraph chainrule {\n  rankdir=BT;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
        + nodes + edges + "}\n";
  }

  private static String node(int id, Tensor t, boolean output) {
    String kind = t.op().map(op -> op.name()).orElse(t.isGradRequired() ? "leaf" : "constant");
    String freed = t.isFreed() ? "\\n(graph freed)" : "";
    String style = t.isGradRequired() ? "style=filled, fillcolor=\"" + (t.isLeaf() ? "#b7e1a1" : "#cfe2f3") + "\"" : "color=gray50";
    String shape = output ? ", peripheries=2" : "";
    return String.format("  t%d [label=\"%s\\n%s%s%s\", %s%s];%n",
        id, escape(kind), t.dtype(), t.shape(), freed, style, shape);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
