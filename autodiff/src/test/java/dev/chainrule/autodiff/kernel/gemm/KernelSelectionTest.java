package dev.chainrule.autodiff.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;

/** The start-up choice of kernels and threads, from its properties and in a JVM with or without the module. */
class KernelSelectionTest {

  @Example
  void plainForcesThePlainKernels() {
    Kernels kernels = KernelSelection.select("plain", "", 4);
    assertTrue(kernels.microKernel() instanceof PlainMicroKernel);
    assertEquals(4, kernels.threads());
  }

  @Example
  void autoTakesTheVectorKernelsWhenAvailable() {
    Kernels kernels = KernelSelection.select("auto", " 1 ", 8);
    assertEquals(KernelSelection.vectorAvailable(), !(kernels.microKernel() instanceof PlainMicroKernel));
    boolean vector512 = KernelSelection.vectorAvailable() && Vector512MicroKernel.supported();
    assertEquals(vector512, kernels.microKernel() instanceof Vector512MicroKernel);
    assertEquals(1, kernels.threads());
  }

  @Example
  void vector256TakesThe256BitKernelsEvenOnWiderHardware() {
    Assume.that(KernelSelection.vectorAvailable());
    MicroKernel kernel = KernelSelection.select("vector256", "", 2).microKernel();
    assertEquals(KernelSelection.vector256Kernel(Runtime.version().feature()).getClass(), kernel.getClass());
  }

  @Example
  void jdk25AndLaterGetTheFourRowTileWhichTheirJitKeepsInRegisters() {
    Assume.that(KernelSelection.vectorAvailable());
    assertEquals(6, KernelSelection.vector256Kernel(17).rows());
    assertEquals(6, KernelSelection.vector256Kernel(24).rows());
    assertEquals(4, KernelSelection.vector256Kernel(25).rows());
    assertEquals(4, KernelSelection.vector256Kernel(26).rows());
  }

  @Example
  void anUnknownKernelNameIsRejectedNamingTheProperty() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KernelSelection.select("fast", "", 2));
    assertEquals("chainrule.kernels: expected auto, vector, vector256 or plain; got 'fast'", e.getMessage());
  }

  @Example
  void aThreadCountBelowOneIsRejectedNamingTheProperty() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelSelection.select("auto", "0", 2));
    assertEquals("chainrule.threads: expected a positive thread count; got '0'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KernelSelection.select("auto", "two", 2));
    assertThrows(IllegalArgumentException.class, () -> Kernels.plain(0));
  }

  @Example
  void withoutTheVectorModuleTheLibraryRunsOnPlainLoops() throws Exception {
    assertEquals("kernels=plain threads=2 product=ok", probe("-Dchainrule.threads=2"));
  }

  @Example
  void withoutTheVectorModuleDemandingVectorKernelsFailsEveryProductNamingTheProperty() throws Exception {
    assertEquals(
        "error=chainrule.kernels: 'vector' needs the Vector API with 256-bit vectors; run the JVM with"
            + " --add-modules jdk.incubator.vector again=IllegalArgumentException",
        probe("-Dchainrule.kernels=vector"));
  }

  @Example
  void aMalformedPropertyFailsEveryProductNamingThePropertyAndValue() throws Exception {
    String vector = "--add-modules=jdk.incubator.vector";
    assertEquals(
        "error=chainrule.kernels: expected auto, vector, vector256 or plain; got 'foo' again=IllegalArgumentException",
        probe(vector, "-Dchainrule.kernels=foo"));
    assertEquals(
        "error=chainrule.threads: expected a positive thread count; got 'x' again=IllegalArgumentException",
        probe(vector, "-Dchainrule.threads=x"));
  }

  @Example
  void withTheVectorModuleTheLibraryRunsOnVectorKernelsUnlessToldOtherwise() throws Exception {
    assertEquals(
        "kernels=" + Kernels.vector(1).microKernel() + " threads=1 product=ok",
        probe("--add-modules", "jdk.incubator.vector", "-Dchainrule.threads=1"));
    assertEquals(
        "kernels=vector256 threads=1 product=ok",
        probe("--add-modules", "jdk.incubator.vector", "-Dchainrule.kernels=vector256", "-Dchainrule.threads=1"));
    assertEquals(
        "kernels=plain threads=1 product=ok",
        probe("--add-modules", "jdk.incubator.vector", "-Dchainrule.kernels=plain", "-Dchainrule.threads=1"));
  }

  /** Runs {@link KernelProbe} in a fresh JVM with these options and returns its last line of output. */
  private static String probe(String... options) throws IOException, InterruptedException, URISyntaxException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, location(KernelProbe.class), location(Kernels.class), location(com.google.common.base.Preconditions.class)));
    command.add(KernelProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
    assertEquals(0, process.exitValue(), output);
    String[] lines = output.strip().split("\\R");
    return lines[lines.length - 1];
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
