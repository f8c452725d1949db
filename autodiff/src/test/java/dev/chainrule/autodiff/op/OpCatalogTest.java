package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Example;

/** The op table and the per-op properties stay in step: every row has a property and every property a row. */
class OpCatalogTest {
  private static final List<Class<?>> PROPERTY_CLASSES = List.of(
      ElementwisePropertiesTest.class,
      ComparisonPropertiesTest.class,
      MatMulPropertiesTest.class,
      ReductionPropertiesTest.class,
      ShapePropertiesTest.class);

  @Example
  void everyRowHasAPropertyAndEveryPropertyARow() {
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
    assertEquals(rows, properties);
  }
}
