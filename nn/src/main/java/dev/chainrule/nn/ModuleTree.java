package dev.chainrule.nn;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** Walks a module tree (iteratively, depth first, in insertion order) for the derived views of {@link Module}. */
final class ModuleTree {
  private ModuleTree() {}

  private record Entry(String prefix, Module module, int depth) {}

  /**
   * The values {@code local} lists for each module, by dotted path. A module or value reached twice
   * (shared layers, tied weights) is listed once, under its first name, as PyTorch does. The map is
   * immutable and keeps that order.
   */
  static <T> Map<String, T> collect(Module root, Function<Module, Map<String, T>> local) {
    Map<String, T> out = new LinkedHashMap<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Entry> stack = new ArrayDeque<>();
    stack.push(new Entry("", root, 0));
    while (!stack.isEmpty()) {
      Entry e = stack.pop();
      if (!seen.add(e.module())) {
        continue;
      }
      local.apply(e.module()).forEach((name, value) -> {
        if (seen.add(value)) {
          out.put(e.prefix() + name, value);
        }
      });
      pushChildren(stack, e);
    }
    return ImmutableMap.copyOf(out);
  }

  private static void pushChildren(Deque<Entry> stack, Entry e) {
    // pushed in reverse so they pop in insertion order
    Object[] names = e.module().children().keySet().toArray();
    for (int i = names.length - 1; i >= 0; i--) {
      String name = (String) names[i];
      stack.push(new Entry(e.prefix() + name + ".", e.module().children().get(name), e.depth() + 1));
    }
  }

  /** Each module's parameters, then its buffers, module by module in walk order: PyTorch's state-dict order. */
  static Map<String, NdArray> stateDict(Module root) {
    Map<String, Object> owned = collect(root, m -> {
      Map<String, Object> both = new LinkedHashMap<>(m.localParameters());
      both.putAll(m.localBuffers());
      return both;
    });
    Map<String, NdArray> state = new LinkedHashMap<>();
    owned.forEach((name, o) -> state.put(name, o instanceof Parameter p ? p.value() : ((Buffer) o).value()));
    return ImmutableMap.copyOf(state);
  }

  static void load(Module root, Map<String, NdArray> state) {
    Map<String, Parameter> parameters = root.namedParameters();
    Map<String, Buffer> buffers = root.namedBuffers();
    TreeSet<String> expected = new TreeSet<>(parameters.keySet());
    expected.addAll(buffers.keySet());
    TreeSet<String> missing = new TreeSet<>(expected);
    missing.removeAll(state.keySet());
    TreeSet<String> unexpected = new TreeSet<>(state.keySet());
    unexpected.removeAll(expected);
    checkArgument(
        missing.isEmpty() && unexpected.isEmpty(),
        "loadStateDict: names differ; missing %s, unexpected %s", missing, unexpected);
    Map<String, NdArray> current = stateDict(root);
    for (Map.Entry<String, NdArray> e : current.entrySet()) {
      NdArray next = state.get(e.getKey());
      checkArgument(next != null, "loadStateDict: %s is null", e.getKey());
      checkArgument(
          next.shape().equals(e.getValue().shape()) && next.dtype() == e.getValue().dtype(),
          "loadStateDict: %s expects %s%s; got %s%s",
          e.getKey(), e.getValue().dtype(), e.getValue().shape(), next.dtype(), next.shape());
    }
    parameters.forEach((name, p) -> p.update(state.get(name)));
    buffers.forEach((name, b) -> b.update(state.get(name)));
  }

  static String summary(Module root) {
    StringBuilder out = new StringBuilder();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Entry> stack = new ArrayDeque<>();
    stack.push(new Entry("", root, 0));
    while (!stack.isEmpty()) {
      Entry e = stack.pop();
      if (!seen.add(e.module())) {
        out.append("  ".repeat(e.depth())).append(e.prefix(), 0, e.prefix().length() - 1).append(": (shared, listed above)\n");
        continue;
      }
      long count = 0;
      for (Parameter p : e.module().namedParameters().values()) {
        count += p.size();
      }
      String name = e.prefix().isEmpty() ? "" : e.prefix().substring(0, e.prefix().length() - 1) + ": ";
      out.append("  ".repeat(e.depth())).append(name).append(e.module())
          .append(" (").append(String.format("%,d", count)).append(" parameters)\n");
      Object[] names = e.module().children().keySet().toArray();
      for (int i = names.length - 1; i >= 0; i--) {
        String child = (String) names[i];
        stack.push(new Entry(child + ".", e.module().children().get(child), e.depth() + 1));
      }
    }
    return out.toString();
  }
}
