package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.providers.TypeUsage;

/** Each elementwise op against a plain reference and finite differences; binary ops on broadcasting shapes. */
class ElementwisePropertiesTest {

  @Provide
  Arbitrary<OpCase.Sample> op(TypeUsage target) {
    return OpCatalog.samplesFor(target);
  }

  @Property(tries = 50)
  void addMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("add") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void subMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("sub") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void mulMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("mul") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void divMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("div") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void addConstantMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("addConstant") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void subConstantMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("subConstant") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void mulConstantMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("mulConstant") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void divConstantMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("divConstant") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void negMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("neg") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void powIntegerMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("powInteger") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void powFractionalMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("powFractional") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void powTensorMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("powTensor") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void expMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("exp") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void logMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("log") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void log1pMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("log1p") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void sqrtMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("sqrt") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void squareMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("square") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void reciprocalMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("reciprocal") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void sinMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("sin") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void cosMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("cos") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void tanhMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("tanh") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void absMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("abs") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void sigmoidMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("sigmoid") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void reluMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("relu") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void leakyReluMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("leakyRelu") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void softplusMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("softplus") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void maximumMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("maximum") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void minimumMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("minimum") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 100)
  void clampMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("clamp") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Property(tries = 50)
  void whereMatchesReferenceAndFiniteDifferences(@ForAll("op") @OpName("where") OpCase.Sample sample) {
    OpChecks.verify(sample);
  }

  @Example
  void sigmoidKeepsItsLeftTailInBothDtypes() {
    assertEquals(Math.exp(-700), Tensor.scalar(-700).sigmoid().item(), 1e-12 * Math.exp(-700));
    Tensor x = Tensor.scalar(-20, DType.FLOAT32).requiresGrad();
    Tensor logSigmoid = x.sigmoid().log();
    logSigmoid.backward();
    assertEquals(-20, logSigmoid.item(), 1e-5);
    assertEquals(1, x.grad().item(), 1e-6);
  }
}
