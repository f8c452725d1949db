package dev.chainrule.nn.layer;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Gradients;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.PyTorchReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The normalization layers against PyTorch in float64 (files written by
 * {@code nn/src/test/python/generate_norms.py}): outputs, the gradients with respect to the input, weight
 * and bias, and the batch norms' running statistics after three training steps.
 */
class NormalizationParityTest {
  private static final double TOLERANCE = 1e-10;

  /** Gives {@code layer} the reference's weight and bias under {@code prefix}, when it has them. */
  private static <M extends Module> M withReferenceAffine(M layer, PyTorchReference reference, String prefix) {
    for (Map.Entry<String, Parameter> p : layer.localParameters().entrySet()) {
      p.getValue().update(reference.get(prefix + "." + p.getKey()));
    }
    return layer;
  }

  /** Runs {@code layer} on the step's {@code x} and compares y and the gradients of {@code (y * r).sum()}. */
  private static void checkStep(PyTorchReference reference, String step, Module layer) {
    Tensor x = Tensor.of(reference.get(step + ".x")).requiresGrad();
    List<String> names = new ArrayList<>(layer.localParameters().keySet());
    List<Tensor> variables = new ArrayList<>(List.of(x));
    names.forEach(name -> variables.add(layer.localParameters().get(name).tensor()));
    Tensor y = layer.forward(x);
    Gradients grads = Autodiff.grad(y.mul(Tensor.of(reference.get(step + ".r"))).sum(), variables);
    reference.assertAgrees(step + ".y", y.value(), TOLERANCE);
    reference.assertAgrees(step + ".grad_x", grads.get(x).value(), TOLERANCE);
    for (int i = 0; i < names.size(); i++) {
      reference.assertAgrees(step + ".grad_" + names.get(i), grads.get(variables.get(i + 1)).value(), TOLERANCE);
    }
  }

  /** Three training steps, the running statistics after them, then one evaluation step. */
  private static void checkBatchNorm(PyTorchReference reference, String prefix, Module layer) {
    withReferenceAffine(layer, reference, prefix);
    try (ModeScope train = Mode.train()) {
      for (int i = 0; i < 3; i++) {
        checkStep(reference, prefix + ".step" + i, layer);
      }
    }
    layer.localBuffers().forEach((name, buffer) -> reference.assertAgrees(prefix + "." + name, buffer.value(), TOLERANCE));
    try (ModeScope eval = Mode.eval()) {
      checkStep(reference, prefix + ".eval", layer);
    }
  }

  @Test
  void batchNorm1dOnNclInputsAgreesWithPyTorchWithMomentumAndWithACumulativeAverage() {
    PyTorchReference reference = PyTorchReference.load("batch_norm1d.txt");
    checkBatchNorm(reference, "momentum", BatchNorm1d.create(3, DType.FLOAT64));
    checkBatchNorm(reference, "cumulative", BatchNorm1d.create(3, 1e-5, OptionalDouble.empty(), true, DType.FLOAT64));
  }

  @Test
  void batchNorm2dAgreesWithPyTorchWithMomentumAndWithACumulativeAverage() {
    PyTorchReference reference = PyTorchReference.load("batch_norm2d.txt");
    checkBatchNorm(reference, "momentum", BatchNorm2d.create(3, DType.FLOAT64));
    checkBatchNorm(reference, "cumulative", BatchNorm2d.create(3, 1e-5, OptionalDouble.empty(), true, DType.FLOAT64));
  }

  @Test
  void groupNormAgreesWithPyTorchOnRankFourAndRankThreeInputsInBothModes() {
    PyTorchReference reference = PyTorchReference.load("group_norm.txt");
    for (String prefix : List.of("rank4", "rank3")) {
      GroupNorm layer = withReferenceAffine(GroupNorm.create(2, 6, DType.FLOAT64), reference, prefix);
      checkStep(reference, prefix, layer);
      try (ModeScope eval = Mode.eval()) {
        checkStep(reference, prefix, layer);
      }
    }
  }

  @Test
  void instanceNorm2dAgreesWithPyTorchWithAndWithoutAffineInBothModes() {
    PyTorchReference reference = PyTorchReference.load("instance_norm2d.txt");
    InstanceNorm2d plain = InstanceNorm2d.create(3, DType.FLOAT64);
    InstanceNorm2d affine = withReferenceAffine(InstanceNorm2d.create(3, 1e-5, true, DType.FLOAT64), reference, "affine");
    for (Map.Entry<String, InstanceNorm2d> c : Map.of("plain", plain, "affine", affine).entrySet()) {
      checkStep(reference, c.getKey(), c.getValue());
      try (ModeScope eval = Mode.eval()) {
        checkStep(reference, c.getKey(), c.getValue());
      }
    }
  }
}
