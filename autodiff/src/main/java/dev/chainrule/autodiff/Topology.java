package dev.chainrule.autodiff;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The part of a graph that one backward pass walks, in topological order (every node after its inputs),
 * with each node's inputs as ids and whether a target is reachable from it.
 *
 * <p>Nodes are numbered by {@link NodeIds} as the iterative depth-first sort discovers them, so the pass
 * keeps its per-node state in arrays. Each node's inputs are read once, here, so a concurrent free by
 * another thread cannot change them mid-pass; it shows up as a {@link GraphFreedException} instead.
 */
final class Topology {
  private final NodeIds ids = new NodeIds();
  private final Predicate<Tensor> isTarget;
  private Tensor[] nodes = new Tensor[64];
  private Tensor[][] inputs = new Tensor[64][];
  private int[] firstInput = new int[64];
  private boolean[] needed = new boolean[64];
  private int[] order = new int[64];
  private int[] inputIds = new int[128];
  private int edges;

  private Topology(Predicate<Tensor> isTarget) {
    this.isTarget = isTarget;
  }

  /** Sorts the nodes that {@code output} was computed from and that require grad; the output gets id 0. */
  static Topology of(Tensor output, Predicate<Tensor> isTarget) {
    Topology graph = new Topology(isTarget);
    graph.sort(output);
    return graph;
  }

  /** The number of nodes. */
  int size() {
    return ids.size();
  }

  /** The id of the node at {@code position} in topological order. */
  int idAt(int position) {
    return order[position];
  }

  /** The id of {@code t}, or -1 when the output does not depend on it. */
  int idOf(Tensor t) {
    return ids.find(t);
  }

  Tensor node(int id) {
    return nodes[id];
  }

  boolean isTarget(int id) {
    return isTarget.test(nodes[id]);
  }

  /** Whether a target is reachable from (or is) node {@code id}. */
  boolean isNeeded(int id) {
    return needed[id];
  }

  /** The node's inputs as read during the sort; null for a leaf. */
  Tensor[] inputs(int id) {
    return inputs[id];
  }

  /** The id of input {@code k} of node {@code id}, or -1 when that input does not require grad. */
  int inputId(int id, int k) {
    return inputIds[firstInput[id] + k];
  }

  /** Whether any input of node {@code id} leads to a target. */
  boolean isAnyInputNeeded(int id) {
    Tensor[] in = inputs[id];
    for (int k = 0; in != null && k < in.length; k++) {
      int input = inputId(id, k);
      if (input >= 0 && needed[input]) {
        return true;
      }
    }
    return false;
  }

  /** Post-order DFS with an explicit stack, so depth is bounded by the heap rather than the thread stack. */
  private void sort(Tensor output) {
    int[] stack = new int[64];
    int[] next = new int[64];
    int top = 0;
    int sorted = 0;
    stack[0] = add(output);
    while (top >= 0) {
      int id = stack[top];
      Tensor[] in = next[top] == 0 ? snapshot(id) : inputs[id];
      if (in != null && next[top] < in.length) {
        int k = next[top]++;
        Tensor input = in[k];
        int child = input.isGradRequired() ? ids.find(input) : -1;
        boolean unseen = input.isGradRequired() && child < 0;
        if (unseen) {
          child = add(input);
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          stack[top] = child;
          next[top] = 0;
        }
        inputIds[firstInput[id] + k] = child;
        continue;
      }
      top--;
      order[sorted++] = id;
      needed[id] = isTarget(id) || isAnyInputNeeded(id);
    }
  }

  private int add(Tensor node) {
    int id = ids.add(node);
    if (id == nodes.length) {
      int capacity = id * 2;
      nodes = Arrays.copyOf(nodes, capacity);
      inputs = Arrays.copyOf(inputs, capacity);
      firstInput = Arrays.copyOf(firstInput, capacity);
      needed = Arrays.copyOf(needed, capacity);
      order = Arrays.copyOf(order, capacity);
    }
    nodes[id] = node;
    return id;
  }

  private Tensor[] snapshot(int id) {
    Tensor node = nodes[id];
    Tensor[] in = node.graphInputs();
    if (in == null && node.isFreed()) {
      throw new GraphFreedException(node.opName());
    }
    inputs[id] = in;
    if (in != null) {
      firstInput[id] = edges;
      edges += in.length;
      if (edges > inputIds.length) {
        inputIds = Arrays.copyOf(inputIds, Math.max(edges, inputIds.length * 2));
      }
    }
    return in;
  }
}
