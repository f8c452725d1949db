package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * An independent oracle: random scalar programs differentiated by our reverse and forward modes and by
 * commons-math3's exact forward mode ({@code DerivativeStructure}) must agree to about 1e-12, in first and
 * second order (the Hessian is forward over reverse).
 */
class ForwardModeOracleTest {
  private static final int STEPS = 12;

  /** One step of a random straight-line program: an op applied to earlier values. */
  private record Step(int op, int left, int right) {}

  private static List<Step> program(long seed, int inputs) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < STEPS; i++) {
      int available = inputs + i;
      steps.add(new Step(random.nextInt(11), random.nextInt(available), random.nextInt(available)));
    }
    return steps;
  }

  private static Tensor apply(Step s, Tensor a, Tensor b) {
    switch (s.op()) {
      case 0: return a.add(b);
      case 1: return a.sub(b);
      case 2: return a.mul(b);
      case 3: return a.div(b.square().add(1));
      case 4: return a.tanh();
      case 5: return a.sin();
      case 6: return a.cos();
      case 7: return a.tanh().exp();
      case 8: return a.square().add(1).log();
      case 9: return a.square().add(1).sqrt();
      default: return a.sigmoid().mul(b);
    }
  }

  private static DerivativeStructure apply(Step s, DerivativeStructure a, DerivativeStructure b) {
    switch (s.op()) {
      case 0: return a.add(b);
      case 1: return a.subtract(b);
      case 2: return a.multiply(b);
      case 3: return a.divide(b.multiply(b).add(1));
      case 4: return a.tanh();
      case 5: return a.sin();
      case 6: return a.cos();
      case 7: return a.tanh().exp();
      case 8: return a.multiply(a).add(1).log();
      case 9: return a.multiply(a).add(1).sqrt();
      default: return a.negate().exp().add(1).reciprocal().multiply(b);
    }
  }

  private static Tensor run(List<Step> program, List<Tensor> inputs) {
    List<Tensor> values = new ArrayList<>(inputs);
    for (Step s : program) {
      values.add(apply(s, values.get(s.left()), values.get(s.right())));
    }
    Tensor out = values.get(values.size() - 1);
    for (Tensor x : inputs) {
      out = out.add(x.mul(0)); // every input reaches the output, so every gradient exists
    }
    return out;
  }

  private static DerivativeStructure run(List<Step> program, DerivativeStructure... inputs) {
    List<DerivativeStructure> values = new ArrayList<>(List.of(inputs));
    for (Step s : program) {
      values.add(apply(s, values.get(s.left()), values.get(s.right())));
    }
    return values.get(values.size() - 1);
  }

  @Property(tries = 200)
  void reverseModeGradientMatchesForwardMode(
      @ForAll long seed, @ForAll @DoubleRange(min = -2, max = 2) double x, @ForAll @DoubleRange(min = -2, max = 2) double y) {
    List<Step> program = program(seed, 2);
    DerivativeStructure exact = run(program, new DerivativeStructure(2, 1, 0, x), new DerivativeStructure(2, 1, 1, y));
    Tensor tx = Tensor.scalar(x).requiresGrad();
    Tensor ty = Tensor.scalar(y).requiresGrad();
    Tensor out = run(program, List.of(tx, ty));
    List<Tensor> g = Autodiff.grad(out, List.of(tx, ty)).asList();

    double scale = 1e-12 * Math.max(1, Math.abs(exact.getValue()));
    assertEquals(exact.getValue(), out.item(), scale);
    assertEquals(exact.getPartialDerivative(1, 0), g.get(0).item(), 1e-12 * Math.max(1, Math.abs(exact.getPartialDerivative(1, 0))));
    assertEquals(exact.getPartialDerivative(0, 1), g.get(1).item(), 1e-12 * Math.max(1, Math.abs(exact.getPartialDerivative(0, 1))));
  }

  @Property(tries = 100)
  void hessianMatchesSecondOrderForwardMode(
      @ForAll long seed, @ForAll @DoubleRange(min = -2, max = 2) double x, @ForAll @DoubleRange(min = -2, max = 2) double y) {
    List<Step> program = program(seed, 2);
    DerivativeStructure exact = run(program, new DerivativeStructure(2, 2, 0, x), new DerivativeStructure(2, 2, 1, y));
    NdArray hessian = Autodiff.hessian(v -> run(program, List.of(v.indexSelect(0, 0).reshape(), v.indexSelect(0, 1).reshape())),
        NdArray.of(x, y));

    double[][] expected = {
      {exact.getPartialDerivative(2, 0), exact.getPartialDerivative(1, 1)},
      {exact.getPartialDerivative(1, 1), exact.getPartialDerivative(0, 2)}
    };
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(expected[i][j], hessian.get(i, j), 1e-11 * Math.max(1, Math.abs(expected[i][j])), "H[" + i + "][" + j + "]");
      }
    }
  }

  @Property(tries = 200)
  void forwardModeTangentMatchesTheDirectionalDerivative(
      @ForAll long seed, @ForAll @DoubleRange(min = -2, max = 2) double x, @ForAll @DoubleRange(min = -2, max = 2) double y,
      @ForAll @DoubleRange(min = -1, max = 1) double dx, @ForAll @DoubleRange(min = -1, max = 1) double dy) {
    List<Step> program = program(seed, 2);
    DerivativeStructure exact = run(program, new DerivativeStructure(2, 1, 0, x), new DerivativeStructure(2, 1, 1, y));
    Jvp jvp = Autodiff.jvp(xs -> run(program, xs), List.of(Tensor.scalar(x), Tensor.scalar(y)),
        List.of(Tensor.scalar(dx), Tensor.scalar(dy)));
    double expected = exact.getPartialDerivative(1, 0) * dx + exact.getPartialDerivative(0, 1) * dy;
    assertEquals(exact.getValue(), jvp.value().item(), 1e-12 * Math.max(1, Math.abs(exact.getValue())));
    assertEquals(expected, jvp.tangent().item(), 1e-12 * Math.max(1, Math.abs(expected)));
  }
}
