package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
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
