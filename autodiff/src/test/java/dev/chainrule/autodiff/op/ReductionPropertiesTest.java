package dev.chainrule.autodiff.op;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

/** Reductions over random axes and the softmax family (inputs near ±1000 too) against loops and finite differences. */
class ReductionPropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 50)
  void sumMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("sum") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void standardizeMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("standardize") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void meanMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("mean") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void maxMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("max") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void minMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("min") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void varMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("var") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void varWithCorrectionMatchesReferenceAndFiniteDifferences(
      @ForAll("op") @OpName("varWithCorrection") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void logsumexpMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("logsumexp") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void softmaxMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("softmax") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void logSoftmaxMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("logSoftmax") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }
}
