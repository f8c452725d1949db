package dev.chainrule.autodiff.op;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

/** Matrix products against a triple loop and finite differences: NumPy's cases, broadcast batches, transpose flags. */
class MatMulPropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 30)
  void matmulVectorsMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("matmulVectors") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void matmulMatrixVectorMatchesReferenceAndFiniteDifferences(
      @ForAll("op") @OpName("matmulMatrixVector") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void matmulVectorMatrixMatchesReferenceAndFiniteDifferences(
      @ForAll("op") @OpName("matmulVectorMatrix") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void matmulMatricesMatchesReferenceAndFiniteDifferences(
      @ForAll("op") @OpName("matmulMatrices") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void matmulBatchesMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("matmulBatches") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void matmulTransposedMatchesReferenceAndFiniteDifferences(
      @ForAll("op") @OpName("matmulTransposed") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }
}
