package dev.chainrule.autodiff.op;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

/** float32 forward results and gradients agree with float64 within float32 tolerance and stay float32. */
class Float32PropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 50)
  void addInFloat32AgreesWithFloat64(@ForAll("op") @OpName("add") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }

  @Property(tries = 50)
  void mulInFloat32AgreesWithFloat64(@ForAll("op") @OpName("mul") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }

  @Property(tries = 50)
  void expInFloat32AgreesWithFloat64(@ForAll("op") @OpName("exp") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }

  @Property(tries = 50)
  void matmulInFloat32AgreesWithFloat64(@ForAll("op") @OpName("matmulBatches") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }

  @Property(tries = 50)
  void sumInFloat32AgreesWithFloat64(@ForAll("op") @OpName("sum") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }
}
