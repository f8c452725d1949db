package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The DOT export names every op, shape and edge, marks gradient flow, and survives deep graphs. */
class GraphDotTest {

  @Test
  void dotNamesOpsShapesAndGradientFlow() {
    Tensor w = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad();
    Tensor x = Tensor.of(1, 1);
    Tensor y = w.matmul(x).tanh().sum();
    String dot = GraphDot.of(y);
    assertTrue(dot.startsWith("digraph chainrule {"), dot);
    assertTrue(dot.contains("label=\"sum\\nfloat64[]\""), dot);
    assertTrue(dot.contains("label=\"tanh\\nfloat64[2]\""), dot);
    assertTrue(dot.contains("label=\"matmul\\nfloat64[2, 1]\""), dot);
    assertTrue(dot.contains("label=\"leaf\\nfloat64[2, 2]\""), dot);
    assertTrue(dot.contains("label=\"constant\\nfloat64[2, 1]\""), dot);
    long edges = dot.lines().filter(l -> l.contains("->")).count();
    long dashed = dot.lines().filter(l -> l.contains("->") && l.contains("dashed")).count();
    // w and the (unrecorded, hence constant) column x -> matmul -> reshape back to a vector -> tanh -> sum
    assertEquals(5, edges, dot);
    assertEquals(1, dashed, dot); // only the constant carries no gradient
  }

  @Test
  void dotMarksAFreedGraph() {
    Tensor a = Tensor.scalar(2).requiresGrad();
    Tensor y = a.exp().mul(3);
    y.backward();
    assertTrue(GraphDot.of(y).contains("(graph freed)"));
  }

  @Test
  void dotHandlesADeepChain() {
    Tensor y = Tensor.scalar(1).requiresGrad();
    for (int i = 0; i < 100_000; i++) {
      y = y.neg();
    }
    assertEquals(100_001, GraphDot.of(y).lines().filter(l -> l.contains("[label=")).count());
  }
}
