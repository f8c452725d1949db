package dev.chainrule.nn.io;

import static dev.chainrule.nn.io.Rejections.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Example;

/**
 * Legal but huge headers: past the documented limits they are refused naming the limit, and within them
 * decoding fits the documented memory bound (file bytes + 4 × header length + 64 MB), checked in a child
 * JVM whose heap is exactly that.
 */
class HeaderLimitsTest {
  private static final String EMPTY = "{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";

  @Example
  void moreTensorsThanTheLimitAreRefusedNamingIt() {
    assertRejected(HandBuilt.file(header(200_001, 0, "t"), new byte[0]),
        "header: the header describes more than 100000 tensors, the most this reader takes");
  }

  @Example
  void moreMetadataKeysThanTheLimitAreRefusedNamingIt() {
    assertRejected(HandBuilt.file(header(0, 100_001, "k"), new byte[0]),
        "header: \"__metadata__\" holds more than 100000 keys, the most this reader takes");
  }

  @Example
  void headerAtTheEntryLimitsDecodesWithinTheDocumentedMemory() throws Exception {
    // every name holds a character beyond Latin-1, so each is a two-byte-per-character String
    String prefix = "\u4e2d" + "n".repeat(12);
    assertDecodesInBoundedHeap(HandBuilt.file(header(100_000, 100_000, prefix), new byte[0]), "100000 100000");
  }

  @Example
  void oneHugeEscapedStringDecodesWithinTheDocumentedMemory() throws Exception {
    String value = "\u4e2d" + "a\\n".repeat(8_000_000);
    byte[] file = HandBuilt.file("{\"__metadata__\":{\"k\":\"" + value + "\"}}", new byte[0]);
    assertDecodesInBoundedHeap(file, "0 1");
  }

  /** A header of {@code tensors} empty F32 tensors and {@code keys} metadata keys, names starting with {@code prefix}. */
  private static String header(int tensors, int keys, String prefix) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < tensors; i++) {
      out.append(i == 0 ? "" : ",").append('"').append(prefix).append(i).append("\":").append(EMPTY);
    }
    if (keys > 0) {
      out.append(tensors == 0 ? "" : ",").append("\"__metadata__\":{");
      for (int i = 0; i < keys; i++) {
        out.append(i == 0 ? "" : ",").append('"').append(prefix).append(i).append("\":\"\"");
      }
      out.append('}');
    }
    return out.append('}').toString();
  }

  /** Decodes {@code file} in a child JVM whose heap is the documented bound, expecting success. */
  private static void assertDecodesInBoundedHeap(byte[] file, String counts) throws IOException, InterruptedException {
    Path path = Files.createTempFile("header-limits", ".safetensors");
    try {
      Files.write(path, file);
      long headerLength = HandBuilt.dataStart(file) - 8;
      long heapMb = (file.length + 4 * headerLength) / (1 << 20) + 64;
      Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
      Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx" + heapMb + "m", "-XX:+UseSerialGC",
              "-cp", System.getProperty("java.class.path"), HeaderLimitsTest.class.getName(), path.toString()))
          .redirectErrorStream(true)
          .start();
      boolean finished = child.waitFor(60, TimeUnit.SECONDS);
      if (!finished) {
        child.destroyForcibly();
      }
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(finished, "the child JVM did not finish in 60 s: " + output);
      assertEquals("decoded " + counts, output, "with -Xmx" + heapMb + "m for a " + file.length + "-byte file");
      assertEquals(0, child.exitValue(), output);
    } finally {
      Files.deleteIfExists(path);
    }
  }

  /** The child JVM: reads the file named by {@code args[0]} and prints the tensor and metadata counts. */
  public static void main(String[] args) {
    SafeTensors.Contents contents = SafeTensors.read(Path.of(args[0]));
    System.out.println("decoded " + contents.tensors().size() + " " + contents.metadata().size());
  }
}
