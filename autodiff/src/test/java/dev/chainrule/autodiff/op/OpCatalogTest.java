package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The op table is checked as a whole, so a new row is covered with no other edit; the per-op properties
 * (which give a failing op its own report) each name a row that exists.
 */
class OpCatalogTest {
  private static final List<Class<?>> PROPERTY_CLASSES = List.of(
      ElementwisePropertiesTest.class,
      ComparisonPropertiesTest.class,
      MatMulPropertiesTest.class,
      ReductionPropertiesTest.class,
      ShapePropertiesTest.class);

  @Property(tries = 400)
  void everyRowMatchesItsReferenceAndFiniteDifferences(@ForAll("anyRow") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Provide
  Arbitrary<OpCase.Sample> anyRow() {
    return Arbitraries.of(OpCatalog.rows()).flatMap(OpCase::samples);
  }

  @Example
  void everyPrimitiveIsExercisedByARow() {
    Set<String> recorded = new TreeSet<>();
    for (OpCase row : OpCatalog.rows()) {
      for (int draw = 0; draw < 5; draw++) {
        OpCase.Call call = row.calls().sample();
        List<Tensor> inputs = new ArrayList<>();
        for (NdArray x : call.inputs()) {
          inputs.add(Tensor.of(x).requiresGrad());
        }
        collectOps(call.op().apply(inputs), recorded);
      }
    }
    boolean comparisonRows = OpCatalog.rows().stream().anyMatch(row -> row.kind() == OpCase.Kind.CONSTANT);
    Set<String> missing = new TreeSet<>();
    for (Class<?> primitive : Primitive.class.getPermittedSubclasses()) {
      // a comparison's result is a constant, so it never shows in a graph: the CONSTANT rows cover it
      boolean covered = Op.NonDifferentiable.class.isAssignableFrom(primitive)
          ? comparisonRows
          : recorded.contains(primitive.getSimpleName());
      if (!covered) {
        missing.add(primitive.getSimpleName());
      }
    }
    assertTrue(missing.isEmpty(), "primitives no catalog row applies: " + missing);
  }

  /** The simple class names of the ops in the graph below {@code output}, walked without recursion. */
  private static void collectOps(Tensor output, Set<String> into) {
    Deque<Tensor> todo = new ArrayDeque<>(List.of(output));
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!todo.isEmpty()) {
      Tensor t = todo.pop();
      if (seen.add(t)) {
        t.op().ifPresent(op -> into.add(op.getClass().getSimpleName()));
        todo.addAll(t.inputs());
      }
    }
  }

  @Example
  void everyPropertyNamesARow() {
    Set<String> rows = OpCatalog.rows().stream().map(OpCase::name).collect(Collectors.toCollection(TreeSet::new));
    Set<String> properties = new TreeSet<>();
    for (Class<?> type : PROPERTY_CLASSES) {
      for (Method method : type.getDeclaredMethods()) {
        for (Parameter parameter : method.getParameters()) {
          OpName name = parameter.getAnnotation(OpName.class);
          if (name != null && method.getName().startsWith(name.value())) {
            properties.add(name.value());
          }
        }
      }
    }
    Set<String> orphans = new TreeSet<>(properties);
    orphans.removeAll(rows);
    assertTrue(orphans.isEmpty(), "properties without a row: " + orphans);
    assertTrue(properties.size() > 30, "the per-op properties were not found: " + properties);
  }
}
