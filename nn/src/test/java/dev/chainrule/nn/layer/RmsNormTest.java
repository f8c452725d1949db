package dev.chainrule.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradCheck;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.FunctionalCall;
import dev.chainrule.nn.PyTorchReference;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RmsNorm}: gradients against finite differences, errors, and agreement with PyTorch. */
class RmsNormTest {
  private static final double PARITY_TOLERANCE = 1e-12;

  private static NdArray randn(long seed, int... dims) {
    return NdArray.randn(Shape.of(dims), DType.FLOAT64, new Random(seed));
  }

  /** The layer as a function of its input and its weight, the two checked variables. */
  private static Tensor apply(RmsNorm layer, List<Tensor> inputAndWeight) {
    return FunctionalCall.apply(layer, Map.of("weight", inputAndWeight.get(1)), inputAndWeight.get(0));
  }

  @Test
  void rmsNormMatchesFiniteDifferencesInFirstAndSecondOrder() {
    RmsNorm layer = RmsNorm.create(4, DType.FLOAT64);
    for (List<NdArray> inputs : List.of(List.of(randn(1, 3, 4), randn(2, 4)), List.of(randn(3, 2, 3, 4), randn(4, 4)))) {
      GradCheck.check(xs -> apply(layer, xs), inputs).assertPassed();
      GradCheck.defaults().runSecondOrder(xs -> apply(layer, xs), inputs).assertPassed();
    }
    LayerGradientsTest.check(layer, randn(5, 2, 4)).assertPassed();
  }

  @Test
  void weightIsTheOneParameterInitialisedToOnes() {
    RmsNorm layer = RmsNorm.create(3, DType.FLOAT32);
    assertEquals(List.of("weight"), List.copyOf(layer.stateDict().keySet()));
    assertEquals(NdArray.full(Shape.of(3), DType.FLOAT32, 1), layer.stateDict().get("weight"));
  }

  @Test
  void defaultEpsIsTheMachineEpsilonOfTheDtype() {
    assertEquals("RmsNorm(4, eps=2.220446049250313E-16)", RmsNorm.create(4, DType.FLOAT64).toString());
    assertEquals("RmsNorm(4, eps=1.1920928955078125E-7)", RmsNorm.create(4, DType.FLOAT32).toString());
    assertEquals("RmsNorm(4, eps=1.0E-5)", RmsNorm.create(4, 1e-5, DType.FLOAT32).toString());
  }

  @Test
  void rowOfEqualValuesNormalizesToTheWeight() {
    RmsNorm layer = RmsNorm.create(3, DType.FLOAT64);
    NdArray y = layer.forward(Tensor.of(new double[][] {{-2, -2, -2}})).value();
    assertEquals(NdArray.of(Shape.of(1, 3), -1, -1, -1), y);
  }

  @Test
  void rmsNormRejectsAWrongLastDimensionAndNonPositiveSettings() {
    RmsNorm layer = RmsNorm.create(4, DType.FLOAT64);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.of(randn(6, 2, 3))))
        .getMessage().contains("rmsNorm: expected last dimension 4; got [2, 3]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.scalar(1)))
        .getMessage().contains("rmsNorm: expected last dimension 4; got []"));
    assertEquals("rmsNorm: features must be positive; got 0",
        assertThrows(IllegalArgumentException.class, () -> RmsNorm.create(0, DType.FLOAT64)).getMessage());
    assertEquals("rmsNorm: eps must be positive; got -1.0E-5",
        assertThrows(IllegalArgumentException.class, () -> RmsNorm.create(4, -1e-5, DType.FLOAT64)).getMessage());
    assertEquals("rmsNorm: eps must be positive; got 0.0",
        assertThrows(IllegalArgumentException.class, () -> RmsNorm.create(4, 0, DType.FLOAT64)).getMessage());
  }

  @Test
  void rmsNormAgreesWithPyTorchOnARankTwoAndARankThreeInput() {
    PyTorchReference reference = PyTorchReference.load("rms_norm.txt");
    for (String prefix : List.of("rank2", "rank3")) {
      NdArray x = reference.get(prefix + ".x");
      RmsNorm layer = RmsNorm.create(x.shape().dim(-1), DType.FLOAT64);
      layer.localParameters().get("weight").update(reference.get(prefix + ".weight"));
      Tensor input = Tensor.of(x).requiresGrad();
      Tensor weight = layer.localParameters().get("weight").tensor();
      Tensor y = layer.forward(input);
      Gradients grads = Autodiff.grad(y.mul(Tensor.of(reference.get(prefix + ".r"))).sum(), List.of(input, weight));
      reference.assertAgrees(prefix + ".y", y.value(), PARITY_TOLERANCE);
      reference.assertAgrees(prefix + ".grad_x", grads.get(input).value(), PARITY_TOLERANCE);
      reference.assertAgrees(prefix + ".grad_weight", grads.get(weight).value(), PARITY_TOLERANCE);
    }
  }
}
