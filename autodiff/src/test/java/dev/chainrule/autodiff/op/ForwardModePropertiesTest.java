package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.Jvp;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Forward mode for every row of the op table, in float64: the tangent {@code J·t} of {@link Autodiff#jvp}
 * agrees with reverse mode through the adjoint identity {@code ⟨J·t, w⟩ = ⟨t, Jᵀ·w⟩} for random {@code t}
 * and {@code w}, and with central differences {@code (f(x + h·t) − f(x − h·t)) / 2h}; its value is the
 * plain forward value.
 */
class ForwardModePropertiesTest {
  private static final double STEP = 1e-6;

  @Property(tries = 300)
  void everyRowsJvpAgreesWithReverseModeAndFiniteDifferences(
      @ForAll("differentiableRow") OpCase.Sample sample, @ForAll long seed) {
    OpCase.Call call = sample.call();
    // the round trip through float32 rounds values and tangents to float32: a looser check, a step above its grid
    boolean float32 = sample.row().name().equals("to");
    double tolerance = float32 ? 1e-6 : 1e-9;
    double step = float32 ? 1e-2 : STEP;
    Random random = new Random(seed);
    List<Tensor> primals = new ArrayList<>();
    List<Tensor> tangents = new ArrayList<>();
    for (NdArray x : call.inputs()) {
      primals.add(Tensor.of(x));
      tangents.add(Tensor.of(NdArray.uniform(x.shape(), DType.FLOAT64, -1, 1, random)));
    }
    Jvp jvp = Autodiff.jvp(call.op(), primals, tangents);
    NdArray value = call.op().apply(primals).value();
    OpChecks.assertClose(value, jvp.value().value(), 0, "jvp's value");
    assertEquals(value.shape(), jvp.tangent().shape(), "tangent's shape");

    // ⟨J·t, w⟩ = Σ_i ⟨t_i, (Jᵀ·w)_i⟩
    NdArray w = NdArray.uniform(value.shape(), DType.FLOAT64, -1, 1, random);
    List<Tensor> leaves = new ArrayList<>();
    for (Tensor p : primals) {
      leaves.add(p.requiresGrad());
    }
    Tensor out = call.op().apply(leaves);
    double adjoint = 0;
    if (out.isGradRequired()) {
      List<Tensor> vjps = Autodiff.grad(out, Tensor.of(w), leaves, GradOptions.defaults()).asList();
      for (int i = 0; i < leaves.size(); i++) {
        adjoint += dot(tangents.get(i).value(), vjps.get(i).value());
      }
    }
    double forward = dot(jvp.tangent().value(), w);
    assertEquals(adjoint, forward, tolerance * (1 + Math.abs(adjoint)), sample.row().name() + ": ⟨J·t, w⟩ against ⟨t, Jᵀ·w⟩ " + call.parameters());

    NdArray plus = call.op().apply(shifted(primals, tangents, step)).value();
    NdArray minus = call.op().apply(shifted(primals, tangents, -step)).value();
    NdArray differences = plus.zip(minus, (a, b) -> (a - b) / (2 * step));
    // float32's grid spacing over the step (about 2.4e-7 / 0.02 near 3) bounds how well differences can agree
    double differenceTolerance = float32 ? 1e-4 : 1e-5;
    OpChecks.assertClose(differences, jvp.tangent().value(), differenceTolerance,
        sample.row().name() + ": jvp against central differences " + call.parameters());
  }

  @Provide
  Arbitrary<OpCase.Sample> differentiableRow() {
    return Arbitraries.of(OpCatalog.rows()).filter(row -> row.kind() != OpCase.Kind.CONSTANT).flatMap(OpCase::samples);
  }

  private static List<Tensor> shifted(List<Tensor> primals, List<Tensor> tangents, double h) {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; i < primals.size(); i++) {
      NdArray t = tangents.get(i).value();
      out.add(Tensor.of(primals.get(i).value().zip(t, (x, d) -> x + h * d)));
    }
    return out;
  }

  private static double dot(NdArray a, NdArray b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      sum += a.getFlat(i) * b.getFlat(i);
    }
    return sum;
  }
}
