package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

/** Each shape op moves elements as a plain loop does, and its first and second derivatives move them back. */
class ShapePropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 50)
  void reshapeMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("reshape") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void flattenMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("flatten") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void permuteMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("permute") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void transposeMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("transpose") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void transposeAxesMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("transposeAxes") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void broadcastToMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("broadcastTo") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void sumToMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("sumTo") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void squeezeMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("squeeze") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void unsqueezeMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("unsqueeze") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void sliceMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("slice") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void padMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("pad") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void indexSelectMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("indexSelect") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void gatherMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("gather") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void scatterAddMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("scatterAdd") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void indexAddMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("indexAdd") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void concatMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("concat") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void stackMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("stack") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void unfoldMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("unfold") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void foldMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("fold") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 30)
  void unfoldInFloat32AgreesWithFloat64(@ForAll("op") @OpName("unfold") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }

  @Property(tries = 30)
  void foldInFloat32AgreesWithFloat64(@ForAll("op") @OpName("fold") OpCase.Sample sample) {
    OpChecks.float32AgreesWithFloat64(sample.call());
  }

  @Provide
  Arbitrary<PatchCalls.AdjointPair> adjointPairs() {
    return PatchCalls.adjointPairs();
  }

  /** {@code <unfold(x), y> = <x, fold(y)>}: fold is the transpose of unfold, which is what each one's backward relies on. */
  @Property(tries = 30)
  void foldIsTheAdjointOfUnfold(@ForAll("adjointPairs") PatchCalls.AdjointPair pair) {
    PatchCalls.Case w = pair.window();
    Tensor x = Tensor.of(pair.x());
    Tensor y = Tensor.of(pair.y());
    double unfolded = x.unfold(w.window()).mul(y).sum().item();
    double folded = x.mul(y.fold(w.height(), w.width(), w.window())).sum().item();
    assertEquals(unfolded, folded, 1e-12 * (1 + Math.abs(unfolded)));
  }

  @Property(tries = 50)
  void toMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("to") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Example
  void concatAndPadKeepNegativeZero() {
    NdArray negativeZero = NdArray.of(-0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(Tensor.concat(0, Tensor.of(negativeZero), Tensor.of(1)).value().get(0)));
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(Tensor.of(negativeZero).pad(0, 1, 0).value().get(1)));
  }
}
