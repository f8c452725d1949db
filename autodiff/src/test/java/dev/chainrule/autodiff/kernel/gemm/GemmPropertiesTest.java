package dev.chainrule.autodiff.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The matrix kernels against a double-precision triple loop, on sizes that do not fit the tiles or the
 * blocks (odd sizes, k past one depth slice, m past one row block), with every transpose combination,
 * batches, both dtypes, one to three threads, and every kernel the JVM has: plain loops with the 6-row and
 * the 8-row tile, the 256-bit Vector API kernels whenever the Vector API is there, and the 512-bit ones when
 * the hardware prefers 512 bits.
 */
class GemmPropertiesTest {
  private static final List<Integer> SIZES = List.of(0, 1, 2, 3, 4, 5, 7, 8, 16, 17, 31, 33, 63, 64, 65, 97, 130, 257);
  private static final long MULTIPLY_ADDS_PER_SAMPLE = 1_500_000;

  @Property(tries = 80)
  void float64ProductsMatchTheReference(
      @ForAll("shapes") GemmShape shape, @ForAll("settings") Kernels kernels,
      @ForAll long seed) {
    double[] a = GemmReference.randomDoubles(shape.batch() * shape.m() * shape.k(), seed);
    double[] b = GemmReference.randomDoubles(shape.batch() * shape.k() * shape.n(), seed + 1);
    GemmReference.assertMatches(Gemm.blocked(kernels, a, b, shape), a, b, shape, 1e-12);
    GemmReference.assertMatches(Gemm.multiply(kernels, a, b, shape), a, b, shape, 1e-12);
  }

  @Property(tries = 80)
  void float32ProductsMatchTheReference(
      @ForAll("shapes") GemmShape shape, @ForAll("settings") Kernels kernels,
      @ForAll long seed) {
    float[] a = GemmReference.randomFloats(shape.batch() * shape.m() * shape.k(), seed);
    float[] b = GemmReference.randomFloats(shape.batch() * shape.k() * shape.n(), seed + 1);
    double[] wideA = GemmReference.widen(a);
    double[] wideB = GemmReference.widen(b);
    GemmReference.assertMatches(GemmReference.widen(Gemm.blocked(kernels, a, b, shape)), wideA, wideB, shape, 1e-4);
    GemmReference.assertMatches(GemmReference.widen(Gemm.multiply(kernels, a, b, shape)), wideA, wideB, shape, 1e-4);
  }

  @Property(tries = 40)
  void everyKernelAndThreadCountGivesTheSameBits(@ForAll("shapes") GemmShape shape, @ForAll long seed) {
    double[] a = GemmReference.randomDoubles(shape.batch() * shape.m() * shape.k(), seed);
    double[] b = GemmReference.randomDoubles(shape.batch() * shape.k() * shape.n(), seed + 1);
    float[] af = GemmReference.randomFloats(a.length, seed);
    float[] bf = GemmReference.randomFloats(b.length, seed + 1);
    double[] simple = new double[shape.batch() * shape.m() * shape.n()];
    float[] simpleFloats = new float[simple.length];
    Gemm.simple(a, b, simple, shape);
    Gemm.simple(af, bf, simpleFloats, shape);
    for (Kernels kernels : settingsList()) {
      assertArrayEquals(simple, Gemm.blocked(kernels, a, b, shape), kernels + " " + shape);
      assertArrayEquals(simpleFloats, Gemm.blocked(kernels, af, bf, shape), kernels + " " + shape);
    }
  }

  @Example
  void productsWiderThanOneColumnBlockMatchTheReference() {
    GemmShape shape = new GemmShape(1, 5, Blocking.NC + 17, 3, false, true);
    double[] a = GemmReference.randomDoubles(shape.m() * shape.k(), 1);
    double[] b = GemmReference.randomDoubles(shape.k() * shape.n(), 2);
    float[] af = GemmReference.randomFloats(a.length, 1);
    float[] bf = GemmReference.randomFloats(b.length, 2);
    for (Kernels kernels : settingsList()) {
      GemmReference.assertMatches(Gemm.blocked(kernels, a, b, shape), a, b, shape, 1e-12);
      GemmReference.assertMatches(
          GemmReference.widen(Gemm.blocked(kernels, af, bf, shape)),
          GemmReference.widen(af), GemmReference.widen(bf), shape, 1e-4);
    }
  }

  /**
   * {@code Aᵀ·B} is the transpose of {@code Bᵀ·A} bit for bit (each element is the same chain of fused
   * multiply-adds over the depth, whichever operand is on the left), as the LSTM's weight gradients rely on.
   */
  @Property(tries = 40)
  void swappingTheOperandsOfATransposedProductTransposesItsBits(
      @ForAll("sizes") int m, @ForAll("sizes") int n, @ForAll("sizes") int k, @ForAll("settings") Kernels kernels,
      @ForAll long seed) {
    float[] a = GemmReference.randomFloats(k * m, seed); // [k, m]
    float[] b = GemmReference.randomFloats(k * n, seed + 1); // [k, n]
    float[] ab = Gemm.multiply(kernels, a, b, new GemmShape(1, m, n, k, true, false)); // [m, n]
    float[] ba = Gemm.multiply(kernels, b, a, new GemmShape(1, n, m, k, true, false)); // [n, m]
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(Float.floatToRawIntBits(ab[i * n + j]), Float.floatToRawIntBits(ba[j * m + i]),
            kernels + " m=" + m + " n=" + n + " k=" + k + " at " + i + "," + j);
      }
    }
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.of(SIZES).filter(size -> size > 0 && size <= 130);
  }

  @Example
  void aThreadReusesTheBlocksOfBItPackedLastAndOnlyForTheSameArray() {
    GemmShape shape = new GemmShape(1, 40, 300, 70, false, true);
    float[] a = GemmReference.randomFloats(shape.m() * shape.k(), 1);
    float[] weight = GemmReference.randomFloats(shape.k() * shape.n(), 2);
    float[] other = GemmReference.randomFloats(shape.k() * shape.n(), 3);
    RecentPanels recent = PackingBuffers.own().recentB();
    float[] first = recent.packed(Precision.FLOAT32, PlainMicroKernel.standard(), weight, 0, shape.k(), 1, 0, 48, 0, 70, 16);
    float[] copy = first.clone();
    float[] again = recent.packed(Precision.FLOAT32, PlainMicroKernel.standard(), weight, 0, shape.k(), 1, 0, 48, 0, 70, 16);
    assertSame(first, again, "the same block of the same array is packed once");
    float[] otherPanels = recent.packed(Precision.FLOAT32, PlainMicroKernel.standard(), other, 0, shape.k(), 1, 0, 48, 0, 70, 16);
    assertTrue(otherPanels != first, "another array gets its own panels");
    assertArrayEquals(copy, recent.packed(Precision.FLOAT32, PlainMicroKernel.standard(), weight, 0, shape.k(), 1, 0, 48, 0, 70, 16));
    // products by the same weight, one after another, as a recurrent layer's steps are: each as computed alone
    for (Kernels kernels : settingsList()) {
      for (float[] b : List.of(weight, other, weight, weight, other)) {
        float[] expected = new float[shape.m() * shape.n()];
        Gemm.simple(a, b, expected, shape);
        assertArrayEquals(expected, Gemm.blocked(kernels, a, b, shape), kernels.toString());
      }
    }
  }

  @Example
  void theTestJvmHasTheVectorApiModuleSoBothKernelsAreTested() {
    assertTrue(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "surefire's argLine should add jdk.incubator.vector; without it only the plain kernels are tested");
  }

  @Provide
  Arbitrary<GemmShape> shapes() {
    Arbitrary<Integer> size = Arbitraries.of(SIZES);
    return Combinators.combine(
            Arbitraries.of(1, 1, 2, 3), size, size, size, Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(GemmShape::new)
        .filter(s -> s.multiplyAdds() <= MULTIPLY_ADDS_PER_SAMPLE);
  }

  @Provide
  Arbitrary<Kernels> settings() {
    return Arbitraries.of(settingsList());
  }

  private static List<Kernels> settingsList() {
    PlainMicroKernel wide = new PlainMicroKernel(8, 32, 16);
    List<Kernels> settings = new ArrayList<>(
        List.of(Kernels.plain(1), Kernels.plain(2), new Kernels(wide, 1), new Kernels(wide, 2)));
    if (KernelSelection.vectorAvailable()) {
      settings.addAll(List.of(Kernels.vector256(1), Kernels.vector256(2), Kernels.vector256(3)));
      // both 256-bit tiles, whichever this JVM's release picks
      settings.add(new Kernels(KernelSelection.vector256Kernel(17), 2));
      settings.add(new Kernels(KernelSelection.vector256Kernel(25), 2));
    }
    if (KernelSelection.vectorAvailable() && Vector512MicroKernel.supported()) {
      settings.addAll(List.of(Kernels.vector(1), Kernels.vector(2), Kernels.vector(3)));
    }
    return settings;
  }
}
