package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.io.SafeTensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link BatchNorm2d}, {@link GroupNorm} and {@link InstanceNorm2d}, and the batch norms' shared behaviour:
 * state dicts in PyTorch's names and shapes, empty batches, and errors that name the layer and the shape.
 */
class NormalizationLayersTest {
  private static final DType F64 = DType.FLOAT64;

  private static Tensor randn(long seed, int... dims) {
    return Tensor.of(NdArray.randn(Shape.of(dims), F64, new Random(seed)));
  }

  private static String message(Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }

  /** Each state dict entry's name and shape, in order. */
  private static Map<String, Shape> layout(Module layer) {
    Map<String, Shape> layout = new LinkedHashMap<>();
    layer.stateDict().forEach((name, value) -> layout.put(name, value.shape()));
    return layout;
  }

  @Test
  void stateDictsHavePyTorchsNamesAndShapes() {
    Map<String, Shape> batchNorm = Map.of("weight", Shape.of(3), "bias", Shape.of(3), "running_mean", Shape.of(3),
        "running_var", Shape.of(3), "num_batches_tracked", Shape.SCALAR);
    assertEquals(batchNorm, layout(BatchNorm2d.create(3, F64)));
    assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(layout(BatchNorm2d.create(3, F64)).keySet()));
    assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
        List.copyOf(layout(BatchNorm2d.create(3, 1e-5, OptionalDouble.of(0.1), false, F64)).keySet()));
    assertEquals(Map.of("weight", Shape.of(6), "bias", Shape.of(6)), layout(GroupNorm.create(2, 6, F64)));
    assertEquals(Map.of(), layout(GroupNorm.create(2, 6, 1e-5, false, F64)));
    assertEquals(Map.of(), layout(InstanceNorm2d.create(3, F64)));
    assertEquals(Map.of("weight", Shape.of(3), "bias", Shape.of(3)), layout(InstanceNorm2d.create(3, 1e-5, true, F64)));
  }

  @Test
  void stateDictsRoundTripThroughSafetensors() {
    List<Supplier<Module>> layers = List.of(() -> BatchNorm1d.create(3, F64), () -> BatchNorm2d.create(3, F64),
        () -> GroupNorm.create(3, 3, F64), () -> InstanceNorm2d.create(3, 1e-5, true, F64));
    for (Supplier<Module> make : layers) {
      Module trained = make.get();
      trained.localParameters().values().forEach(p -> p.update(p.value().map(v -> v + 0.25)));
      Tensor x = randn(1, 4, 3, 2, 2);
      trained.forward(trained instanceof BatchNorm1d ? x.reshape(4, 3, 4) : x);
      Module loaded = make.get();
      loaded.loadStateDict(SafeTensors.decode(SafeTensors.encode(trained.stateDict(), Map.of())).tensors());
      assertEquals(trained.stateDict(), loaded.stateDict(), trained.toString());
    }
  }

  @Test
  void batchNorm2dTracksTheCumulativeAverageWithoutAMomentum() {
    BatchNorm2d layer = BatchNorm2d.create(1, 1e-5, OptionalDouble.empty(), true, F64);
    for (double[] values : List.of(new double[] {0, 2}, new double[] {4, 4}, new double[] {1, 3})) {
      layer.forward(Tensor.of(NdArray.of(Shape.of(1, 1, 1, 2), values)));
    }
    // batch means 1, 4, 2 and unbiased variances 2, 0, 2: the initial estimates are replaced by the first batch
    assertTrue(layer.localBuffers().get("running_mean").value().allClose(NdArray.of(7.0 / 3), 1e-15, 0));
    assertTrue(layer.localBuffers().get("running_var").value().allClose(NdArray.of(4.0 / 3), 1e-15, 0));
    assertEquals(3, layer.localBuffers().get("num_batches_tracked").value().item());
  }

  @Test
  void batchNorm2dInEvaluationUsesTheRunningStatisticsAndLeavesThemAlone() {
    BatchNorm2d layer = BatchNorm2d.create(2, F64);
    layer.localBuffers().get("running_mean").update(NdArray.of(1.0, -1.0));
    layer.localBuffers().get("running_var").update(NdArray.of(4.0, 0.25));
    try (ModeScope eval = Mode.eval()) {
      NdArray y = layer.forward(Tensor.of(NdArray.of(Shape.of(1, 2, 1, 1), 3.0, 0.0))).value();
      assertTrue(y.allClose(NdArray.of(Shape.of(1, 2, 1, 1), 2 / Math.sqrt(4 + 1e-5), 1 / Math.sqrt(0.25 + 1e-5)), 1e-15, 0));
    }
    assertEquals(0, layer.localBuffers().get("num_batches_tracked").value().item());
  }

  @Test
  void emptyBatchesGiveEmptyResultsInEvaluation() {
    List<Module> layers = List.of(BatchNorm1d.create(3, F64), BatchNorm2d.create(3, F64), GroupNorm.create(3, 3, F64),
        InstanceNorm2d.create(3, F64));
    try (ModeScope eval = Mode.eval()) {
      for (Module layer : layers) {
        Shape empty = layer instanceof BatchNorm1d ? Shape.of(0, 3, 5) : Shape.of(0, 3, 2, 2);
        assertEquals(empty, layer.forward(Tensor.of(NdArray.zeros(empty, F64))).shape(), layer.toString());
      }
      assertEquals(Shape.of(0, 3), layers.get(0).forward(Tensor.of(NdArray.zeros(Shape.of(0, 3), F64))).shape());
    }
  }

  @Test
  void trainingWithOneValuePerChannelFailsAsInPyTorch() {
    try (ModeScope train = Mode.train()) {
      assertEquals("batchNorm2d: expected more than 1 value per channel when training; got input [1, 3, 1, 1]",
          message(() -> BatchNorm2d.create(3, F64).forward(randn(1, 1, 3, 1, 1))));
      assertEquals("batchNorm1d: expected more than 1 value per channel when training; got input [1, 3, 1]",
          message(() -> BatchNorm1d.create(3, F64).forward(randn(2, 1, 3, 1))));
      assertEquals("batchNorm1d: expected more than 1 value per channel when training; got input [0, 3]",
          message(() -> BatchNorm1d.create(3, F64).forward(randn(3, 0, 3))));
      assertEquals("instanceNorm2d: expected more than 1 spatial element when training; got input [2, 3, 1, 1]",
          message(() -> InstanceNorm2d.create(3, F64).forward(randn(4, 2, 3, 1, 1))));
    }
  }

  @Test
  void wrongInputShapesAreRejectedNamingTheLayerAndTheShape() {
    assertEquals("batchNorm1d: expected input [N, 3] or [N, 3, L]; got [2, 3, 4, 5]",
        message(() -> BatchNorm1d.create(3, F64).forward(randn(1, 2, 3, 4, 5))));
    assertEquals("batchNorm1d: expected input [N, 3] or [N, 3, L]; got [2, 4]",
        message(() -> BatchNorm1d.create(3, F64).forward(randn(2, 2, 4))));
    assertEquals("batchNorm2d: expected input [N, 3, H, W]; got [2, 3, 4]",
        message(() -> BatchNorm2d.create(3, F64).forward(randn(3, 2, 3, 4))));
    assertEquals("groupNorm: expected input [N, 6, *]; got [6]",
        message(() -> GroupNorm.create(2, 6, F64).forward(randn(4, 6))));
    assertEquals("groupNorm: expected input [N, 6, *]; got [2, 4, 3]",
        message(() -> GroupNorm.create(2, 6, F64).forward(randn(5, 2, 4, 3))));
    assertEquals("instanceNorm2d: expected input [N, 3, H, W]; got [3, 4, 4]",
        message(() -> InstanceNorm2d.create(3, F64).forward(randn(6, 3, 4, 4))));
  }

  @Test
  void badSettingsAreRejectedNamingThem() {
    assertEquals("groupNorm: channels must be divisible by groups; got 6 channels, 4 groups",
        message(() -> GroupNorm.create(4, 6, F64)));
    assertEquals("groupNorm: groups and channels must be positive; got 0 groups, 6 channels",
        message(() -> GroupNorm.create(0, 6, F64)));
    assertEquals("batchNorm2d: features must be positive; got 0", message(() -> BatchNorm2d.create(0, F64)));
    assertEquals("batchNorm2d: need eps > 0 and momentum in [0, 1]; got eps 1.0E-5, momentum 1.5",
        message(() -> BatchNorm2d.create(3, 1e-5, 1.5, F64)));
    assertTrue(message(() -> BatchNorm1d.create(3, 1e-5, null, true, F64)).startsWith("batchNorm1d: momentum must not be null"));
    assertEquals("instanceNorm2d: eps must be positive; got 0.0", message(() -> InstanceNorm2d.create(3, 0, false, F64)));
  }
}
