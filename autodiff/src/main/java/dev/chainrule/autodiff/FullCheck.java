package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** The full-Jacobian mode of {@link GradCheck}: every (output, input element) pair, both ways. */
final class FullCheck {
  private final GradCheck settings;
  private final Function<List<Tensor>, Tensor> f;
  private final List<NdArray> inputs;

  FullCheck(GradCheck settings, Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    this.settings = settings;
    this.f = f;
    this.inputs = inputs;
  }

  GradCheck.Result run() {
    List<Tensor> leaves = leaves(inputs);
    Tensor y = GradCheck.evaluate(f, leaves);
    // analytical[i][o * n + j] = ∂y[o] / ∂x_i[j]
    double[][] analytical = Jacobians.of(y, leaves);
    List<GradCheck.InputReport> reports = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      reports.add(compareInput(i, y.shape(), analytical[i]));
    }
    return new GradCheck.Result(settings.toString(), reports);
  }

  private GradCheck.InputReport compareInput(int i, Shape outShape, double[] analytical) {
    NdArray x = inputs.get(i);
    int n = x.size();
    double[] base = x.toDoubleArray();
    GradCheck.InputReport worst = null;
    double worstBadness = -1;
    for (int j = 0; j < n; j++) {
      double[] plus = evaluate(i, base, j, settings.eps());
      double[] minus = evaluate(i, base, j, -settings.eps());
      for (int o = 0; o < plus.length; o++) {
        double numerical = (plus[o] - minus[o]) / (2 * settings.eps());
        double a = analytical[o * n + j];
        double badness = settings.badness(a, numerical);
        if (badness > worstBadness) {
          worstBadness = badness;
          String where = "out " + index(outShape, o) + " / in " + index(x.shape(), j);
          worst = new GradCheck.InputReport(i, where, a, numerical, settings.accepts(a, numerical));
        }
      }
    }
    return worst != null ? worst : new GradCheck.InputReport(i, "(no elements)", 0, 0, true);
  }

  private double[] evaluate(int input, double[] base, int element, double delta) {
    double[] moved = base.clone();
    moved[element] += delta;
    List<NdArray> perturbed = new ArrayList<>(inputs);
    perturbed.set(input, NdArray.of(inputs.get(input).shape(), moved));
    return GradCheck.evaluate(f, leaves(perturbed)).value().toDoubleArray();
  }

  static List<Tensor> leaves(List<NdArray> values) {
    List<Tensor> leaves = new ArrayList<>(values.size());
    for (NdArray v : values) {
      leaves.add(Tensor.of(v).requiresGrad());
    }
    return leaves;
  }

  private static String index(Shape shape, int flat) {
    int[] dims = shape.toArray();
    int[] index = new int[dims.length];
    for (int a = dims.length - 1; a >= 0; a--) {
      index[a] = flat % dims[a];
      flat /= dims[a];
    }
    return Arrays.toString(index);
  }
}
