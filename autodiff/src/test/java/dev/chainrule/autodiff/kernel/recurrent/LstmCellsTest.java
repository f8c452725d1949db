package dev.chainrule.autodiff.kernel.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The sweeps against the same steps composed of tensor ops and differentiated by the engine: the forward
 * sweep's output bit for bit (it rounds as the ops do), the backward sweep's gradients to 1e-12 in float64
 * (1e-4 in float32), with dense or broadcast initial states and gradients. Batches of 16 or more are swept
 * in shares on two threads where there are two.
 */
class LstmCellsTest {
  @Property(tries = 40)
  void sweepsAreTheComposedStepsAndTheirGradients(@ForAll @IntRange(min = 1, max = 4) int steps,
      @ForAll @IntRange(min = 1, max = 20) int batch, @ForAll @IntRange(min = 1, max = 20) int width,
      @ForAll boolean reverse, @ForAll boolean initialHidden, @ForAll boolean broadcastStates, @ForAll long seed) {
    Random random = new Random(seed);
    NdArray projected = NdArray.randn(Shape.of(steps, batch, 4 * width), DType.FLOAT64, random);
    NdArray bias = NdArray.randn(Shape.of(4 * width), DType.FLOAT64, random);
    NdArray weightHh = NdArray.randn(Shape.of(4 * width, width), DType.FLOAT64, random);
    Shape state = Shape.of(batch, width);
    NdArray h0 = broadcastStates ? Tensor.scalar(0.5).broadcastTo(state).value() : NdArray.randn(state, DType.FLOAT64, random);
    NdArray c0 = broadcastStates ? Tensor.of(NdArray.randn(Shape.of(width), DType.FLOAT64, random)).broadcastTo(state).value()
        : NdArray.randn(state, DType.FLOAT64, random);
    NdArray grad = broadcastStates ? Tensor.scalar(1.0).broadcastTo(Shape.of(steps, batch, 2 * width)).value()
        : NdArray.randn(Shape.of(steps, batch, 2 * width), DType.FLOAT64, random);
    for (DType dtype : DType.values()) {
      List<Tensor> in = List.of(Tensor.of(projected.to(dtype)).requiresGrad(), Tensor.of(bias.to(dtype)).requiresGrad(),
          Tensor.of(weightHh.to(dtype)).requiresGrad(), Tensor.of(h0.to(dtype)).requiresGrad(), Tensor.of(c0.to(dtype)).requiresGrad());
      Tensor composed = composed(in, reverse);
      LstmCells.Sweep sweep = LstmCells.forward(projected.to(dtype), bias.to(dtype), weightHh.to(dtype), h0.to(dtype), c0.to(dtype), reverse);
      assertArrayEquals(composed.value().toDoubleArray(), sweep.output().toDoubleArray(), dtype + " output");
      List<Tensor> expected = Autodiff.grad(composed, Tensor.of(grad.to(dtype)), in, GradOptions.defaults()).asList();
      LstmCells.SweepGradients g = LstmCells.backward(grad.to(dtype), sweep, weightHh.to(dtype), h0.to(dtype), c0.to(dtype), reverse,
          initialHidden);
      double tolerance = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
      assertClose(expected.get(0).value().toDoubleArray(), g.gates().toDoubleArray(), tolerance, dtype + " gates");
      assertClose(expected.get(1).value().toDoubleArray(), g.bias().toDoubleArray(), tolerance, dtype + " bias");
      double[] weight = Tensor.of(g.gates()).transpose(0, 1).matmul(Tensor.of(g.hiddenBefore())).value().toDoubleArray();
      assertClose(expected.get(2).value().toDoubleArray(), weight, tolerance, dtype + " weight_hh, from the gates and the hidden states read");
      double[] noHidden = new double[batch * width];
      assertClose(initialHidden ? expected.get(3).value().toDoubleArray() : noHidden, g.initialHidden().toDoubleArray(), tolerance,
          dtype + " h0 (asked for: " + initialHidden + ")");
      assertClose(expected.get(4).value().toDoubleArray(), g.initialCell().toDoubleArray(), tolerance, dtype + " c0");
    }
  }

  @Example
  void shapesOrDtypesThatDoNotFitAreRejectedNamingThem() {
    NdArray projected = NdArray.zeros(Shape.of(2, 3, 8), DType.FLOAT64);
    NdArray state = NdArray.zeros(Shape.of(3, 2), DType.FLOAT64);
    NdArray bias = NdArray.zeros(Shape.of(8), DType.FLOAT64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LstmCells.forward(projected, bias, NdArray.zeros(Shape.of(8, 3), DType.FLOAT64), state, state, false));
    assertEquals("lstm cells: shapes or dtypes do not fit; got projected [2, 3, 8], bias [8], weight_hh [8, 3], h0 [3, 2], "
        + "c0 [3, 2] ([float64, float64, float64, float64, float64])", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LstmCells.forward(projected, bias.to(DType.FLOAT32), NdArray.zeros(Shape.of(8, 2), DType.FLOAT64), state, state, false));
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
    LstmCells.Sweep sweep = LstmCells.forward(projected, bias, NdArray.zeros(Shape.of(8, 2), DType.FLOAT64), state, state, false);
    NdArray grad = NdArray.zeros(Shape.of(2, 3, 4), DType.FLOAT64);
    e = assertThrows(IllegalArgumentException.class, () -> LstmCells.backward(grad, sweep, NdArray.zeros(Shape.of(8, 2), DType.FLOAT64),
        NdArray.zeros(Shape.of(4, 2), DType.FLOAT64), state, false, true));
    assertEquals("lstm cells backward: shapes or dtypes do not fit the sweep's output [2, 3, 4] float64; got grad [2, 3, 4], "
        + "weight_hh [8, 2], h0 [4, 2], c0 [3, 2] ([float64, float64, float64, float64])", e.getMessage());
  }

  /** The steps of {@code in = projected, bias, weight_hh, h0, c0} composed of tensor ops: {@code [T, N, 2H]}. */
  private static Tensor composed(List<Tensor> in, boolean reverse) {
    Shape p = in.get(0).shape();
    int width = p.dim(2) / 4;
    Tensor hidden = in.get(3);
    Tensor cell = in.get(4);
    Tensor[] out = new Tensor[p.dim(0)];
    for (int s = 0; s < p.dim(0); s++) {
      int t = reverse ? p.dim(0) - 1 - s : s;
      Tensor gates = in.get(0).slice(0, t, t + 1).reshape(p.dim(1), p.dim(2)).add(in.get(1)).add(hidden.matmulTransposed(in.get(2)));
      Tensor candidate = gates.slice(1, 2 * width, 3 * width).tanh();
      cell = gates.slice(1, width, 2 * width).sigmoid().mul(cell).add(gates.slice(1, 0, width).sigmoid().mul(candidate));
      hidden = gates.slice(1, 3 * width, 4 * width).sigmoid().mul(cell.tanh());
      out[t] = Tensor.concat(1, hidden, cell);
    }
    return Tensor.stack(0, out);
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance * (1 + Math.abs(expected[i])), what + " element " + i);
    }
  }
}
