package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;

/** See {@link GradientClipping#byGlobalNorm}. */
record ClipByGlobalNorm(double maxNorm) implements GradientClipping {
  ClipByGlobalNorm {
    Checks.positive("clip by global norm", "maxNorm", maxNorm);
  }

  @Override
  public List<NdArray> clip(List<NdArray> gradients) {
    double norm = GradientClipping.norm(gradients);
    if (!(norm > maxNorm) || Double.isInfinite(norm)) {
      return gradients;
    }
    List<NdArray> clipped = new ArrayList<>(gradients.size());
    for (NdArray g : gradients) {
      clipped.add(Tensor.of(g).mul(maxNorm / norm).value());
    }
    return clipped;
  }
}
