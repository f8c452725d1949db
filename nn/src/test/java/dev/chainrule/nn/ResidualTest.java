package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm2d;
import dev.chainrule.nn.layer.ConvOptions;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Skip connections: a ResNet basic block with a downsampling shortcut trained for three SGD steps agrees
 * with PyTorch to 1e-10 (outputs, parameters and running statistics; {@code generate_residual.py}), names
 * its state like torch, and a shape mismatch between the paths is named.
 */
class ResidualTest {
  private static final double TOLERANCE = 1e-10;

  /** The block of {@code generate_residual.py}, in float64. */
  private static Module block() {
    Random random = new Random(0);
    ConvOptions conv3 = ConvOptions.of(4, 4, 3).withPadding(1).withBias(false);
    Module body = Sequential.of(
        Conv2d.create(ConvOptions.of(3, 4, 3).withStride(2).withPadding(1).withBias(false), random),
        BatchNorm2d.create(4, DType.FLOAT64), Activation.relu(),
        Conv2d.create(conv3, random), BatchNorm2d.create(4, DType.FLOAT64));
    Module shortcut = Sequential.of(
        Conv2d.create(ConvOptions.of(3, 4, 1).withStride(2).withBias(false), random), BatchNorm2d.create(4, DType.FLOAT64));
    return Sequential.of(Residual.of(body, shortcut), Activation.relu());
  }

  private static Map<String, NdArray> state(PyTorchReference reference, String prefix) {
    Map<String, NdArray> state = new TreeMap<>();
    reference.tensors().forEach((name, value) -> {
      if (name.startsWith(prefix)) {
        state.put(name.substring(prefix.length()), value);
      }
    });
    return state;
  }

  @Test
  void aTrainedResidualBlockAgreesWithPyTorch() {
    PyTorchReference reference = PyTorchReference.load("residual_block.txt");
    Module block = block();
    Map<String, NdArray> init = state(reference, "init.");
    assertEquals(init.keySet(), new TreeMap<>(block.stateDict()).keySet());
    block.loadStateDict(init);
    Optimizer sgd = Optimizer.create(Sgd.of(0.1), block.parameters());

    for (int step = 0; step < 3; step++) {
      Tensor x = Tensor.of(reference.get("step" + step + ".x"));
      Tensor y = block.forward(x);
      reference.assertAgrees("step" + step + ".y", y.value(), TOLERANCE);
      sgd.zeroGrad();
      y.mul(Tensor.of(reference.get("step" + step + ".r"))).sum().div(Tensor.scalar(x.shape().dim(0), DType.FLOAT64))
          .backward();
      sgd.step();
    }

    Map<String, NdArray> trained = block.stateDict();
    state(reference, "final.").forEach((name, expected) ->
        reference.assertAgrees("final." + name, trained.get(name).to(DType.FLOAT64), TOLERANCE));
    try (ModeScope eval = Mode.eval()) {
      reference.assertAgrees("eval.y", block.forward(Tensor.of(reference.get("eval.x"))).value(), TOLERANCE);
    }
  }

  @Test
  void theIdentityShortcutAddsTheInput() {
    Module scale = new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x.mul(Tensor.scalar(3, DType.FLOAT64));
      }
    };
    Tensor x = Tensor.of(NdArray.of(Shape.of(2), 1, -2));

    assertEquals(NdArray.of(Shape.of(2), 4, -8), Residual.of(scale).forward(x).value());
    assertEquals(List.of("body"), List.copyOf(Residual.of(scale).children().keySet()));
    assertEquals(List.of("body", "shortcut"), List.copyOf(Residual.of(scale, scale).children().keySet()));
  }

  @Test
  void pathsOfDifferentShapesAreNamed() {
    Module halve = Conv2d.create(ConvOptions.of(1, 1, 1).withStride(2), new Random(0));

    String m = assertThrows(IllegalArgumentException.class,
        () -> Residual.of(halve).forward(Tensor.zeros(Shape.of(1, 1, 4, 4), DType.FLOAT64))).getMessage();

    assertEquals("residual: the body's output and the input differ in shape; got [1, 1, 2, 2] and [1, 1, 4, 4]", m);
  }
}
