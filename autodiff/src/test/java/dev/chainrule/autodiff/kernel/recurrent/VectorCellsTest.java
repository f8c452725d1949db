package dev.chainrule.autodiff.kernel.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vector API's loops of the LSTM sweeps (the backward's gate gradients, the forward's gate sums, cell
 * states and hidden states) give the plain loops' floats bit for bit, at offsets that do not start
 * on a vector boundary, for every element they cover; the elements after the last whole vector are left to
 * the plain loop. Runs in both of the suite's passes: the tests always have the incubator module.
 */
class VectorCellsTest {
  @Property(tries = 60)
  void theVectorLoopGivesThePlainLoopsBits(@ForAll @IntRange(min = 1, max = 150) int width,
      @ForAll @IntRange(min = 0, max = 7) int offset, @ForAll long seed) {
    Random random = new Random(seed);
    int size = offset + 8 * width;
    float[] grad = random(size, random);
    float[] hiddenGrad = random(size, random);
    float[] sigmoids = random(size, random);
    float[] candidates = random(size, random);
    float[] tanhCells = random(size, random);
    float[] state = random(size, random);
    float[] cellGrad = random(size, random);
    float[] expectedCell = cellGrad.clone();
    float[] stepGrads = new float[size];
    float[] expected = new float[size];
    int at = offset;
    int c0 = offset + 1;
    int g = offset + 2;
    int kept = offset + 3;
    int cellAt = offset + 5;
    int row = offset + 6;
    int done = VectorCells.gateGradients(grad, at, hiddenGrad, cellGrad, c0, sigmoids, g, candidates, tanhCells, kept, state,
        cellAt, stepGrads, row, width);
    assertEquals(width - width % FloatVector.SPECIES_PREFERRED.length(), done, "elements left to the plain loop");
    for (int k = 0; k < done; k++) {
      float dh = grad[at + k] + hiddenGrad[c0 + k];
      float tanh = tanhCells[kept + k];
      float input = sigmoids[g + k];
      float forget = sigmoids[g + width + k];
      float candidate = candidates[kept + k];
      float output = sigmoids[g + 3 * width + k];
      float dc = grad[at + width + k] + expectedCell[c0 + k] + dh * output * (1 - tanh * tanh);
      expected[row + k] = dc * candidate * input * (1 - input);
      expected[row + width + k] = dc * state[cellAt + k] * forget * (1 - forget);
      expected[row + 2 * width + k] = dc * input * (1 - candidate * candidate);
      expected[row + 3 * width + k] = dh * tanh * output * (1 - output);
      expectedCell[c0 + k] = dc * forget;
    }
    for (int i = 0; i < size; i++) {
      int e = i;
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(stepGrads[i]), () -> "gate gradient " + e);
      assertEquals(Float.floatToRawIntBits(expectedCell[i]), Float.floatToRawIntBits(cellGrad[i]), () -> "cell gradient " + e);
    }
  }

  @Property(tries = 60)
  void theForwardSweepsVectorLoopsGiveThePlainLoopsBits(@ForAll @IntRange(min = 1, max = 150) int width,
      @ForAll @IntRange(min = 0, max = 7) int offset, @ForAll long seed) {
    Random random = new Random(seed);
    int size = offset + 4 * width;
    float[] a = random(size, random);
    float[] b = random(size, random);
    float[] c = random(size, random);
    float[] sums = new float[size];
    float[] cells = new float[size];
    float[] products = new float[size];
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    int whole = width - width % lanes;
    assertEquals(whole, VectorCells.sums(a, offset, b, c, offset + 1, sums, width));
    assertEquals(whole, VectorCells.cellStates(a, offset, b, offset + 2, c, cells, offset + 3, width));
    assertEquals(whole, VectorCells.products(a, offset + 1, b, offset + 2, products, offset, width));
    for (int k = 0; k < whole; k++) {
      assertEquals(Float.floatToRawIntBits(a[offset + k] + b[k] + c[offset + 1 + k]), Float.floatToRawIntBits(sums[offset + k]));
      float cell = a[offset + width + k] * b[offset + 2 + k] + a[offset + k] * c[offset + 3 + k];
      assertEquals(Float.floatToRawIntBits(cell), Float.floatToRawIntBits(cells[offset + 3 + k]));
      assertEquals(Float.floatToRawIntBits(a[offset + 1 + k] * b[offset + 2 + k]), Float.floatToRawIntBits(products[offset + k]));
    }
  }

  private static float[] random(int size, Random random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

}
