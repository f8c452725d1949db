package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import org.junit.jupiter.api.Test;

/** {@link PyTorchReference}: exact values, shapes, and errors that name the file and the tensor. */
class PyTorchReferenceTest {

  @Test
  void valuesReadBackExactlyWithTheirShapes() {
    PyTorchReference reference = PyTorchReference.load("rms_norm.txt");
    assertEquals(Shape.of(3, 5), reference.get("rank2.x").shape());
    assertEquals(Shape.of(2, 3, 4), reference.get("rank3.grad_x").shape());
    PyTorchReference gelu = PyTorchReference.load("gelu.txt");
    assertEquals(1e-8, gelu.get("x").getFlat(2));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(gelu.get("x").getFlat(1)));
  }

  @Test
  void agreementFailsBeyondTheToleranceAndNamesTheTensor() {
    PyTorchReference reference = PyTorchReference.load("silu.txt");
    NdArray y = reference.get("y");
    reference.assertAgrees("y", y, 0);
    NdArray nudged = y.map(v -> v == y.getFlat(6) ? v + 1e-10 : v);
    String message = assertThrows(AssertionError.class, () -> reference.assertAgrees("y", nudged, 1e-12)).getMessage();
    assertTrue(message.startsWith("silu.txt y at flat position 6 (input 3.0)"), message);
  }

  @Test
  void missingTensorIsNamedWithItsFile() {
    PyTorchReference reference = PyTorchReference.load("rms_norm.txt");
    String message = assertThrows(IllegalArgumentException.class, () -> reference.get("rank4.x")).getMessage();
    assertTrue(message.startsWith("pytorch reference rms_norm.txt: no tensor 'rank4.x'; has [rank2.x"), message);
  }

  @Test
  void missingFileIsNamed() {
    String message = assertThrows(IllegalArgumentException.class, () -> PyTorchReference.load("absent.txt")).getMessage();
    assertTrue(message.startsWith("pytorch reference: no resource /pytorch/absent.txt"), message);
  }
}
