package dev.chainrule.autodiff.op;

import static dev.chainrule.autodiff.op.OpCase.Kind.CONSTANT;
import static dev.chainrule.autodiff.op.OpCase.Kind.PIECEWISE;
import static dev.chainrule.autodiff.op.OpCase.Kind.SMOOTH;
import static dev.chainrule.autodiff.op.OpCase.of;

import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.testing.Domain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.TypeUsage;

/**
 * The op table: one row per op of the {@code Tensor} API, with its kind, domain and reference. Adding an
 * op is one row here: {@code OpCatalogTest} checks every row; a one-line property naming a row with
 * {@link OpName} gives that op a report of its own.
 */
final class OpCatalog {
  private static final Domain STANDARD = Domain.standard();
  private static final Domain NONZERO = Domain.standard().awayFrom(0, 0.2);
  private static final Domain OFF_KINK = Domain.standard().awayFrom(0, Generators.TIE_GAP);
  private static final Arbitrary<Double> CONSTANTS = Arbitraries.doubles().between(-3, 3);
  private static final Arbitrary<Double> DIVISORS = CONSTANTS.filter(c -> Math.abs(c) >= 0.5);

  private static final List<OpCase> ROWS = List.of(
      // arithmetic: broadcasting tensors, and a double operand
      of("add", SMOOTH, ElementwiseCalls.binary(STANDARD, STANDARD, Tensor::add, (a, b) -> a + b)),
      of("sub", SMOOTH, ElementwiseCalls.binary(STANDARD, STANDARD, Tensor::sub, (a, b) -> a - b)),
      of("mul", SMOOTH, ElementwiseCalls.binary(STANDARD, STANDARD, Tensor::mul, (a, b) -> a * b)),
      of("div", SMOOTH, ElementwiseCalls.binary(STANDARD, NONZERO, Tensor::div, (a, b) -> a / b)),
      of("addConstant", SMOOTH, ElementwiseCalls.withConstant(STANDARD, CONSTANTS, Tensor::add, (v, c) -> v + c)),
      of("subConstant", SMOOTH, ElementwiseCalls.withConstant(STANDARD, CONSTANTS, Tensor::sub, (v, c) -> v - c)),
      of("mulConstant", SMOOTH, ElementwiseCalls.withConstant(STANDARD, CONSTANTS, Tensor::mul, (v, c) -> v * c)),
      of("divConstant", SMOOTH, ElementwiseCalls.withConstant(STANDARD, DIVISORS, Tensor::div, (v, c) -> v / c)),
      of("neg", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::neg, v -> -v)),
      of("powInteger", SMOOTH, ElementwiseCalls.withConstant(
          NONZERO, Arbitraries.of(-2.0, -1.0, 0.0, 1.0, 2.0, 3.0), Tensor::pow, Math::pow)),
      of("powFractional", SMOOTH, ElementwiseCalls.withConstant(
          Domain.positive(0.1, 3), Arbitraries.doubles().between(-2.5, 2.5), Tensor::pow, Math::pow)),
      of("powTensor", SMOOTH, ElementwiseCalls.binary(
          Domain.positive(0.2, 3), Domain.of(-2, 2), Tensor::pow, Math::pow)),
      // functions
      of("exp", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::exp, Math::exp)),
      of("log", SMOOTH, ElementwiseCalls.unary(Domain.positive(0.1, 5), Tensor::log, Math::log)),
      of("log1p", SMOOTH, ElementwiseCalls.unary(Domain.of(-0.9, 5), Tensor::log1p, Math::log1p)),
      of("sqrt", SMOOTH, ElementwiseCalls.unary(Domain.positive(0.1, 5), Tensor::sqrt, Math::sqrt)),
      of("square", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::square, v -> v * v)),
      of("reciprocal", SMOOTH, ElementwiseCalls.unary(NONZERO, Tensor::reciprocal, v -> 1 / v)),
      of("sin", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::sin, Math::sin)),
      of("cos", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::cos, Math::cos)),
      of("tanh", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::tanh, Math::tanh)),
      of("abs", PIECEWISE, ElementwiseCalls.unary(OFF_KINK, Tensor::abs, Math::abs)),
      // activations
      of("sigmoid", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::sigmoid, v -> 1 / (1 + Math.exp(-v)))),
      of("relu", PIECEWISE, ElementwiseCalls.unary(OFF_KINK, Tensor::relu, v -> Math.max(v, 0))),
      of("leakyRelu", PIECEWISE, ElementwiseCalls.withConstant(
          OFF_KINK, Arbitraries.doubles().between(0, 0.5), Tensor::leakyRelu, (v, slope) -> v > 0 ? v : slope * v)),
      of("erf", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::erf, OpCatalog::erf)),
      of("gelu", SMOOTH, ElementwiseCalls.unary(
          STANDARD, Tensor::gelu, v -> 0.5 * v * (1 + erf(v / Math.sqrt(2))))),
      of("geluTanh", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::geluTanh,
          v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))))),
      of("silu", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::silu, v -> v / (1 + Math.exp(-v)))),
      of("elu", PIECEWISE, ElementwiseCalls.withConstant(
          OFF_KINK, Arbitraries.doubles().between(0.1, 2), Tensor::elu, (v, alpha) -> v > 0 ? v : alpha * Math.expm1(v))),
      of("softplus", SMOOTH, ElementwiseCalls.unary(STANDARD, Tensor::softplus, v -> Math.log1p(Math.exp(v)))),
      // selections (kept off ties and bounds)
      of("maximum", PIECEWISE, ElementwiseCalls.binaryWithoutTies(Tensor::maximum, Math::max)),
      of("minimum", PIECEWISE, ElementwiseCalls.binaryWithoutTies(Tensor::minimum, Math::min)),
      of("clamp", PIECEWISE, ElementwiseCalls.clamp()),
      of("where", SMOOTH, ElementwiseCalls.where()),
      // comparisons: 0/1 masks without gradient
      of("gt", CONSTANT, ElementwiseCalls.comparison(Tensor::gt, Tensor::gt, (a, b) -> a > b ? 1 : 0)),
      of("ge", CONSTANT, ElementwiseCalls.comparison(Tensor::ge, Tensor::ge, (a, b) -> a >= b ? 1 : 0)),
      of("lt", CONSTANT, ElementwiseCalls.comparison(Tensor::lt, Tensor::lt, (a, b) -> a < b ? 1 : 0)),
      of("le", CONSTANT, ElementwiseCalls.comparison(Tensor::le, Tensor::le, (a, b) -> a <= b ? 1 : 0)),
      of("eq", CONSTANT, ElementwiseCalls.comparison(Tensor::eq, Tensor::eq, (a, b) -> a == b ? 1 : 0)),
      of("ne", CONSTANT, ElementwiseCalls.comparison(Tensor::ne, Tensor::ne, (a, b) -> a != b ? 1 : 0)),
      // matrix products
      of("matmulVectors", SMOOTH, MatMulCalls.vectors()),
      of("matmulMatrixVector", SMOOTH, MatMulCalls.matrixVector()),
      of("matmulVectorMatrix", SMOOTH, MatMulCalls.vectorMatrix()),
      of("matmulMatrices", SMOOTH, MatMulCalls.matrices()),
      of("matmulBatches", SMOOTH, MatMulCalls.batches()),
      of("matmulTransposed", SMOOTH, MatMulCalls.primitive()),
      of("linear", SMOOTH, MatMulCalls.linear()),
      of("scaledDotProductAttention", SMOOTH, AttentionCalls.calls()),
      of("attendedValues", SMOOTH, AttentionCalls.values()),
      // reductions over random axes, kept or dropped
      of("sum", SMOOTH, ReductionCalls.reduction(ReductionCalls.standard(), 1, Tensor::sum, Reference::sum)),
      of("mean", SMOOTH, ReductionCalls.reduction(ReductionCalls.standard(), 1, Tensor::mean, Reference::mean)),
      of("max", PIECEWISE, ReductionCalls.reduction(ReductionCalls.distinct(), 1, Tensor::max, Reference::max)),
      of("standardize", SMOOTH, StandardizeCalls.calls()),
      of("min", PIECEWISE, ReductionCalls.reduction(ReductionCalls.distinct(), 1, Tensor::min, Reference::min)),
      of("var", SMOOTH, ReductionCalls.reduction(
          ReductionCalls.standard(), 1, (x, axes) -> x.var(axes, 0), v -> Reference.variance(v, 0))),
      of("varWithCorrection", SMOOTH, ReductionCalls.reduction(
          ReductionCalls.standard(), 2, (x, axes) -> x.var(axes, 1), v -> Reference.variance(v, 1))),
      of("logsumexp", SMOOTH, ReductionCalls.reduction(
          ReductionCalls.possiblyLarge(), 1, Tensor::logsumexp, Reference::logSumExp)),
      of("softmax", SMOOTH, ReductionCalls.alongAxis(
          ReductionCalls.possiblyLarge(), Tensor::softmax, Reference::softmax)),
      of("logSoftmax", SMOOTH, ReductionCalls.alongAxis(
          ReductionCalls.possiblyLarge(), Tensor::logSoftmax, Reference::logSoftmax)),
      // shape ops
      of("reshape", SMOOTH, ShapeCalls.reshape()),
      of("flatten", SMOOTH, ShapeCalls.flatten()),
      of("permute", SMOOTH, ShapeCalls.permute()),
      of("transpose", SMOOTH, ShapeCalls.transposeLastTwo()),
      of("transposeAxes", SMOOTH, ShapeCalls.transposeAxes()),
      of("broadcastTo", SMOOTH, ShapeCalls.broadcastTo()),
      of("sumTo", SMOOTH, ShapeCalls.sumTo()),
      of("squeeze", SMOOTH, ShapeCalls.squeeze()),
      of("unsqueeze", SMOOTH, ShapeCalls.unsqueeze()),
      of("slice", SMOOTH, ShapeCalls.slice()),
      of("pad", SMOOTH, ShapeCalls.pad()),
      of("indexSelect", SMOOTH, ShapeCalls.indexSelect()),
      of("indexAdd", SMOOTH, ShapeCalls.indexAdd()),
      of("gather", SMOOTH, ShapeCalls.gather()),
      of("scatterAdd", SMOOTH, ShapeCalls.scatterAdd()),
      of("concat", SMOOTH, ShapeCalls.concat()),
      of("stack", SMOOTH, ShapeCalls.stack()),
      of("unfold", SMOOTH, PatchCalls.unfold()),
      of("fold", SMOOTH, PatchCalls.fold()),
      // a float32 round trip is only differentiable at float32's resolution: a wider finite-difference step
      new OpCase("to", SMOOTH, GradCheck.defaults().withEps(1e-2), ShapeCalls.castToFloat32AndBack()));

  private static final Map<String, OpCase> BY_NAME = index(ROWS);

  private OpCatalog() {}

  /** Every row, in table order. */
  static List<OpCase> rows() {
    return ROWS;
  }

  /** An independent erf: commons-math3's, through the regularized incomplete gamma function. */
  private static double erf(double v) {
    return org.apache.commons.math3.special.Erf.erf(v);
  }

  /** The row called {@code name}. */
  static OpCase row(String name) {
    OpCase row = BY_NAME.get(name);
    if (row == null) {
      throw new IllegalArgumentException("OpCatalog: no row named " + name + "; rows are " + BY_NAME.keySet());
    }
    return row;
  }

  /** Samples of the row named by the target parameter's {@link OpName}: what each test class's provider returns. */
  static Arbitrary<OpCase.Sample> samplesFor(TypeUsage target) {
    OpName name = target.findAnnotation(OpName.class)
        .orElseThrow(() -> new IllegalArgumentException("OpCatalog: the @ForAll(\"op\") parameter needs @OpName"));
    return row(name.value()).samples();
  }

  private static Map<String, OpCase> index(List<OpCase> rows) {
    Map<String, OpCase> byName = new LinkedHashMap<>();
    for (OpCase row : rows) {
      if (byName.put(row.name(), row) != null) {
        throw new IllegalStateException("OpCatalog: two rows named " + row.name());
      }
    }
    return byName;
  }
}
