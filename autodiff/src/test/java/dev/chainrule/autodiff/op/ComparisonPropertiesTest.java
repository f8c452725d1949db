package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

/** Comparisons give 0/1 masks equal to a plain loop's, never require grad, and work as masks. */
class ComparisonPropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 100)
  void gtMatchesReferenceAndHasNoGradient(@ForAll("op") @OpName("gt") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void geMatchesReferenceAndHasNoGradient(@ForAll("op") @OpName("ge") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void ltMatchesReferenceAndHasNoGradient(@ForAll("op") @OpName("lt") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void leMatchesReferenceAndHasNoGradient(@ForAll("op") @OpName("le") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void eqMatchesReferenceAndHasNoGradient(@ForAll("op") @OpName("eq") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void neMatchesReferenceAndHasNoGradient(@ForAll("op") @OpName("ne") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void oppositeComparisonsAreComplementaryMasks(@ForAll("op") @OpName("gt") OpCase.Sample sample) {
    Tensor a = Tensor.of(sample.call().inputs().get(0));
    Tensor b = Tensor.of(sample.call().inputs().get(1));
    assertAllOnes(a.gt(b).add(a.le(b)), "gt + le");
    assertAllOnes(a.lt(b).add(a.ge(b)), "lt + ge");
    assertAllOnes(a.eq(b).add(a.ne(b)), "eq + ne");
  }

  @Property(tries = 100)
  void aMaskPassesTheGradientOnlyWhereItIsOne(@ForAll("op") @OpName("ge") OpCase.Sample sample) {
    Tensor a = Tensor.of(sample.call().inputs().get(0)).requiresGrad();
    Tensor b = Tensor.of(sample.call().inputs().get(1)).requiresGrad();
    Tensor mask = a.ge(b);
    assertFalse(mask.isGradRequired(), "the mask requires grad");
    Tensor y = a.mul(mask).sum();
    NdArray expected = LayoutReference.sumTo(mask.value(), a.shape().toArray());
    OpChecks.assertClose(expected, Autodiff.grad(y, List.of(a, b)).get(a).value(), 0, "gradient of a · mask");
  }

  private static void assertAllOnes(Tensor t, String what) {
    for (double v : t.value().toDoubleArray()) {
      assertEquals(1.0, v, what);
    }
  }
}
