package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save that fails midway never damages the previous file and leaves no temporary file behind. */
class AtomicWriteTest {
  @TempDir Path directory;

  private Path file;
  private byte[] previous;

  private void writePrevious() throws IOException {
    file = directory.resolve("model.safetensors");
    SafeTensors.write(file, Map.of("w", NdArray.of(1, 2, 3)), Map.of("version", "1"));
    previous = Files.readAllBytes(file);
  }

  /** Larger than one chunk, so a failure after the first chunk really is midway. */
  private static byte[] largeFile() {
    NdArray big = NdArray.randn(Shape.of(3 * AtomicFile.CHUNK_BYTES / 8 / 2), DType.FLOAT64, new Random(1));
    return SafeTensors.encode(Map.of("w", big), Map.of("version", "2"));
  }

  @Test
  void failureAfterThePartialWriteLeavesThePreviousFileByteIdentical() throws IOException {
    writePrevious();
    byte[] next = largeFile();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(file, next, written -> {
      List<Path> temporaries = temporaryFiles();
      assertEquals(1, temporaries.size());
      assertEquals(written, Files.size(temporaries.get(0)));
      throw new IOException("simulated disk full after " + written + " of " + next.length + " bytes");
    }));

    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("simulated disk full"), e.getMessage());
    assertArrayEquals(previous, Files.readAllBytes(file));
    assertEquals(List.of(file), listing());
  }

  @Test
  void runtimeFailureMidwayIsRethrownAndCleansUp() throws IOException {
    writePrevious();
    IllegalStateException crash = new IllegalStateException("simulated crash");
    assertEquals(crash, assertThrows(IllegalStateException.class, () -> AtomicFile.write(file, largeFile(), written -> {
      throw crash;
    })));
    assertArrayEquals(previous, Files.readAllBytes(file));
    assertEquals(List.of(file), listing());
  }

  @Test
  void tensorMapThatThrowsWhileBeingReadLeavesThePreviousCheckpointIntact() throws IOException {
    writePrevious();
    assertThrows(IllegalStateException.class, () -> Checkpoint.save(file, new ExplodingMap(), Map.of()));
    assertArrayEquals(previous, Files.readAllBytes(file));
    assertEquals(List.of(file), listing());
  }

  @Test
  void successfulWriteReplacesTheFileAndLeavesNothingElse() throws IOException {
    writePrevious();
    byte[] next = largeFile();
    AtomicFile.write(file, next);
    assertArrayEquals(next, Files.readAllBytes(file));
    assertEquals(List.of(file), listing());
    assertEquals(Map.of("version", "2"), SafeTensors.read(file).metadata());
  }

  @Test
  void targetThatIsANonEmptyDirectoryFailsAndCleansUp() throws IOException {
    Path occupied = Files.createDirectory(directory.resolve("occupied"));
    Files.writeString(occupied.resolve("keep.txt"), "keep");
    assertThrows(UncheckedIOException.class, () -> SafeTensors.write(occupied, Map.of(), Map.of()));
    assertEquals("keep", Files.readString(occupied.resolve("keep.txt")));
    assertEquals(List.of(occupied), listing());
  }

  @Test
  void missingDirectoryFailsNamingTheFile() {
    Path missing = directory.resolve("absent").resolve("model.safetensors");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SafeTensors.write(missing, Map.of(), Map.of()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    UncheckedIOException read = assertThrows(UncheckedIOException.class, () -> SafeTensors.read(missing));
    assertTrue(read.getMessage().contains(missing.toString()), read.getMessage());
  }

  @Test
  void readingABadFileNamesIt() throws IOException {
    Path bad = Files.write(directory.resolve("bad.safetensors"), new byte[] {1, 2, 3});
    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(bad));
    assertEquals("safetensors: " + bad + ": the file has 3 bytes; the header length alone needs 8", e.getMessage());
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> paths = Files.list(directory)) {
      return paths.sorted().collect(Collectors.toList());
    }
  }

  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> paths = Files.list(directory)) {
      return paths.filter(p -> p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList());
    }
  }

  /** A map that fails halfway through iteration, like a state dict built from a broken source. */
  private static final class ExplodingMap extends AbstractMap<String, NdArray> {
    @Override
    public Set<Entry<String, NdArray>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, NdArray>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return true;
            }

            @Override
            public Entry<String, NdArray> next() {
              if (next++ == 1) {
                throw new IllegalStateException("simulated failure while reading the state");
              }
              return new SimpleEntry<>("w" + next, NdArray.of(next));
            }
          };
        }

        @Override
        public int size() {
          return 3;
        }
      };
    }
  }
}
