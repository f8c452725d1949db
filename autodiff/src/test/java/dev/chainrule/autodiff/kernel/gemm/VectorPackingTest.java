package dev.chainrule.autodiff.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The Vector API's packing of float32 panels gives the panels the plain loops give, element for element:
 * row panels of operands read as stored (rows a row stride apart, the register transpose) and read
 * transposed (rows adjacent), column panels of both, at any offset, for any block of indices and depths,
 * with partial panels and depths left over; the buffer outside the panels is left alone. Runs where the
 * Vector API is there.
 */
class VectorPackingTest {
  @Property(tries = 300)
  void packsThePanelsThePlainLoopsPack(
      @ForAll @IntRange(min = 1, max = 70) int rows, @ForAll @IntRange(min = 1, max = 300) int depths,
      @ForAll boolean transposed, @ForAll boolean columnPanels, @ForAll @IntRange(min = 0, max = 9) int offset,
      @ForAll long seed) {
    Assume.that(KernelSelection.vectorAvailable());
    Random random = new Random(seed);
    float[] source = new float[offset + rows * depths + random.nextInt(20)];
    for (int i = 0; i < source.length; i++) {
      source[i] = random.nextFloat() - 0.5f;
    }
    int from = random.nextInt(rows);
    int count = 1 + random.nextInt(rows - from);
    int depth = random.nextInt(depths);
    int kc = 1 + random.nextInt(depths - depth);
    int indexStride = transposed ? 1 : depths;
    int depthStride = transposed ? rows : 1;
    int at = random.nextInt(5);
    int width = columnPanels ? VectorPacking.COLUMNS : VectorPacking.WIDTH;
    int size = at + Parallel.roundUp(count, width) * kc + 3;
    float[] expected = new float[size];
    float[] actual = new float[size];
    expected[size - 1] = actual[size - 1] = 7f; // past the panels: untouched
    Packing.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, expected, at);
    VectorPacking.pack(source, offset, indexStride, depthStride, from, count, depth, kc, width, actual, at);
    assertArrayEquals(expected, actual,
        () -> String.format("rows %d, depths %d, transposed %s, width %d, offset %d, rows %d+%d, depths %d+%d",
            rows, depths, transposed, width, offset, from, count, depth, kc));
  }
}
