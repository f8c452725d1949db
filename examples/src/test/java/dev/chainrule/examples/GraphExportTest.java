package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The exported loss graph shows the network's parameters, ops and the loss. */
class GraphExportTest {

  @Test
  void theLossGraphHasFourParameterLeavesAndTheLossAtTheTop() {
    String dot = GraphExport.lossGraph();
    assertEquals(4, dot.lines().filter(l -> l.contains("label=\"leaf\\n")).count(), dot);
    assertTrue(dot.contains("label=\"mean") || dot.contains("label=\"div\\nfloat64[]\""), dot);
    assertTrue(dot.contains("label=\"tanh\\nfloat64[5, 4]\""), dot);
    assertTrue(dot.contains("peripheries=2"), "the output is marked");
  }
}
