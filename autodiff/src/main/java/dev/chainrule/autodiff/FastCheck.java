package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The fast mode of {@link GradCheck}: for each input, compares {@code vᵀ J u} computed by one backward
 * pass with the central difference of {@code vᵀ f} along a random direction {@code u}.
 */
final class FastCheck {
  private final GradCheck settings;
  private final Function<List<Tensor>, Tensor> f;
  private final List<NdArray> inputs;

  FastCheck(GradCheck settings, Function<List<Tensor>, Tensor> f, List<NdArray> inputs) {
    this.settings = settings;
    this.f = f;
    this.inputs = inputs;
  }

  GradCheck.Result run() {
    Random random = new Random(settings.seed());
    List<Tensor> leaves = FullCheck.leaves(inputs);
    Tensor y = GradCheck.evaluate(f, leaves);
    NdArray v = NdArray.uniform(y.shape(), DType.FLOAT64, 0.5, 1.5, random);
    List<Tensor> grads = y.isGradRequired()
        ? Autodiff.grad(y, Tensor.of(v.to(y.dtype())), leaves, GradOptions.defaults()).asList()
        : zerosLike(inputs);
    List<GradCheck.InputReport> reports = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      NdArray u = NdArray.uniform(inputs.get(i).shape(), DType.FLOAT64, -1, 1, random);
      double analytical = dot(grads.get(i).value(), u);
      double numerical = (projected(i, u, settings.eps(), v) - projected(i, u, -settings.eps(), v)) / (2 * settings.eps());
      reports.add(new GradCheck.InputReport(i, "projection", analytical, numerical, settings.accepts(analytical, numerical)));
    }
    return new GradCheck.Result(settings.toString(), reports);
  }

  private double projected(int input, NdArray direction, double step, NdArray v) {
    List<NdArray> moved = new ArrayList<>(inputs);
    moved.set(input, Tensor.of(inputs.get(input)).add(Tensor.of(direction.map(d -> d * step))).value());
    return dot(GradCheck.evaluate(f, FullCheck.leaves(moved)).value(), v);
  }

  private static double dot(NdArray a, NdArray b) {
    double s = 0;
    for (int k = 0; k < a.size(); k++) {
      s += a.getFlat(k) * b.getFlat(k);
    }
    return s;
  }

  private static List<Tensor> zerosLike(List<NdArray> values) {
    List<Tensor> out = new ArrayList<>();
    for (NdArray x : values) {
      out.add(Tensor.zeros(x.shape(), x.dtype()));
    }
    return out;
  }
}
