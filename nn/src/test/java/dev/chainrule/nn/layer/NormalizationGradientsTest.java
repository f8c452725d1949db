package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The normalization layers' first and second derivatives, with respect to the input and every parameter,
 * against central differences in float64, in training and in evaluation mode.
 */
class NormalizationGradientsTest {

  private static NdArray randn(long seed, int... dims) {
    return NdArray.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  /** Gives every parameter of {@code layer} a random value, so that no gradient is checked at 1 or 0. */
  private static <M extends Module> M randomized(M layer, long seed) {
    Random random = new Random(seed);
    layer.localParameters().values().forEach(p -> p.update(NdArray.randn(p.value().shape(), DType.FLOAT64, random)));
    return layer;
  }

  /** Gives a batch norm random running statistics (a positive variance), as after some training. */
  private static <M extends Module> M withRunningStatistics(M layer, long seed) {
    int features = layer.localBuffers().get("running_mean").value().size();
    layer.localBuffers().get("running_mean").update(randn(seed, features));
    layer.localBuffers().get("running_var").update(randn(seed + 1, features).map(v -> 0.5 + v * v));
    return layer;
  }

  private static void checkBothOrders(Module layer, NdArray input) {
    LayerGradientsTest.check(layer, input).assertPassed();
    LayerGradientsTest.checkSecondOrder(layer, input).assertPassed();
  }

  @Test
  void batchNorm1dOnNclInputsMatchesFiniteDifferencesInTraining() {
    try (ModeScope train = Mode.train()) {
      checkBothOrders(randomized(BatchNorm1d.create(3, DType.FLOAT64), 1), randn(2, 2, 3, 4));
      checkBothOrders(BatchNorm1d.create(3, 1e-5, OptionalDouble.empty(), false, DType.FLOAT64), randn(3, 3, 3, 2));
    }
  }

  @Test
  void batchNorm1dOnNclInputsMatchesFiniteDifferencesInEvaluation() {
    try (ModeScope eval = Mode.eval()) {
      checkBothOrders(withRunningStatistics(randomized(BatchNorm1d.create(3, DType.FLOAT64), 4), 5), randn(6, 2, 3, 4));
      checkBothOrders(withRunningStatistics(randomized(BatchNorm1d.create(3, DType.FLOAT64), 7), 8), randn(9, 4, 3));
    }
  }

  @Test
  void batchNorm2dMatchesFiniteDifferencesInTrainingAndEvaluation() {
    BatchNorm2d layer = randomized(BatchNorm2d.create(2, DType.FLOAT64), 10);
    try (ModeScope train = Mode.train()) {
      checkBothOrders(layer, randn(11, 2, 2, 3, 2));
      checkBothOrders(layer, randn(12, 1, 2, 2, 1));
    }
    try (ModeScope eval = Mode.eval()) {
      checkBothOrders(withRunningStatistics(layer, 13), randn(14, 2, 2, 3, 2));
    }
  }

  @Test
  void groupNormMatchesFiniteDifferencesInTrainingAndEvaluation() {
    for (boolean training : List.of(true, false)) {
      try (ModeScope mode = training ? Mode.train() : Mode.eval()) {
        checkBothOrders(randomized(GroupNorm.create(2, 4, DType.FLOAT64), 15), randn(16, 2, 4, 3));
        checkBothOrders(randomized(GroupNorm.create(4, 4, DType.FLOAT64), 17), randn(18, 2, 4, 2, 2));
        checkBothOrders(GroupNorm.create(1, 3, 1e-5, false, DType.FLOAT64), randn(19, 2, 3));
      }
    }
  }

  @Test
  void instanceNorm2dMatchesFiniteDifferencesInTrainingAndEvaluation() {
    for (boolean training : List.of(true, false)) {
      try (ModeScope mode = training ? Mode.train() : Mode.eval()) {
        checkBothOrders(InstanceNorm2d.create(2, DType.FLOAT64), randn(20, 2, 2, 3, 2));
        checkBothOrders(randomized(InstanceNorm2d.create(3, 1e-5, true, DType.FLOAT64), 21), randn(22, 1, 3, 2, 2));
      }
    }
  }
}
