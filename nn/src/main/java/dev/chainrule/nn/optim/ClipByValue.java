package dev.chainrule.nn.optim;

import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.List;

/** See {@link GradientClipping#byValue}. */
record ClipByValue(double maxAbs) implements GradientClipping {
  ClipByValue {
    Checks.positive("clip by value", "maxAbs", maxAbs);
  }

  @Override
  public List<NdArray> clip(List<NdArray> gradients) {
    List<NdArray> clipped = new ArrayList<>(gradients.size());
    for (NdArray g : gradients) {
      clipped.add(g.map(x -> Math.max(-maxAbs, Math.min(maxAbs, x))));
    }
    return clipped;
  }
}
