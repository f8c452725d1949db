package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chainrule.autodiff.array.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stale temporaries, file modes and symbolic links: what an atomic save does around the rename. */
class AtomicFileHousekeepingTest {
  @TempDir Path directory;

  private static byte[] content(double value) {
    return SafeTensors.encode(Map.of("w", NdArray.of(value)), Map.of());
  }

  @Test
  void theTemporaryNameMatchesTheCleanupPatternForItsTargetOnly() {
    String name = AtomicFile.temporaryName("model.safetensors", 0xabcL);
    assertEquals(".model.safetensors.0000000000000abc.tmp", name);
    assertTrue(AtomicFile.isTemporaryOf(name, "model.safetensors"));
    assertFalse(AtomicFile.isTemporaryOf(name, "model"));
    assertFalse(AtomicFile.isTemporaryOf(name, "safetensors"));
    assertTrue(AtomicFile.isTemporaryOf(AtomicFile.temporaryName("a", -1), "a"));
  }

  @Test
  void aSaveDeletesStaleTemporariesOfItsTargetAndNothingElse() throws IOException {
    Path file = directory.resolve("model.safetensors");
    List<String> stale = List.of(
        ".model.safetensors.0123456789abcdef.tmp",
        ".model.safetensors.7f.tmp"); // the unpadded names of earlier versions
    List<String> kept = List.of(
        ".model.safetensors.0123456789abcdef0.tmp", // 17 digits
        ".model.safetensors.ABCDEF.tmp", // upper case: not ours
        ".model.safetensors.zz.tmp",
        ".model.safetensors..tmp",
        ".model.safetensors.12.tmp.bak",
        "model.safetensors.12.tmp", // no leading dot
        ".other.safetensors.12.tmp", // another target's
        ".model.12.tmp",
        "notes.txt");
    for (String name : stale) {
      Files.write(directory.resolve(name), new byte[] {1, 2, 3});
    }
    for (String name : kept) {
      Files.write(directory.resolve(name), new byte[] {4});
    }
    Files.createDirectory(directory.resolve(".model.safetensors.abc.tmp")); // a directory is never deleted

    AtomicFile.write(file, content(1));

    List<String> expected = new java.util.ArrayList<>(kept);
    expected.add("model.safetensors");
    expected.add(".model.safetensors.abc.tmp");
    assertEquals(expected.stream().sorted().collect(Collectors.toList()), listing());
    assertEquals(1.0, SafeTensors.read(file).tensors().get("w").item());
  }

  @Test
  void aTemporaryThatAWriterStillLocksIsLeftAlone() throws IOException {
    Path file = directory.resolve("model.safetensors");
    Path busy = directory.resolve(".model.safetensors.00000000000000aa.tmp");
    try (FileChannel channel = FileChannel.open(busy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      AtomicFile.write(file, content(2));
      assertTrue(Files.exists(busy), "a locked temporary belongs to a live writer");
    }
    AtomicFile.write(file, content(3));
    assertFalse(Files.exists(busy), "once unlocked it is stale");
    assertEquals(List.of("model.safetensors"), listing());
  }

  @Test
  void replacingKeepsTheTargetsPermissionBits() throws IOException {
    Path file = directory.resolve("secret.safetensors");
    AtomicFile.write(file, content(1));
    assumeTrue(Files.getFileAttributeView(file, PosixFileAttributeView.class) != null, "POSIX file system");
    for (String mode : List.of("rw-------", "rw-r-----", "r--r--r--", "rwxr-x---")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      AtomicFile.write(file, content(2));
      assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertArrayEquals(content(2), Files.readAllBytes(file));
    }
  }

  @Test
  void writingThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink() throws IOException {
    Path elsewhere = Files.createDirectory(directory.resolve("store"));
    Path real = elsewhere.resolve("run-7.safetensors");
    AtomicFile.write(real, content(1));
    Path link = symlink(directory.resolve("latest.safetensors"), Path.of("store", "run-7.safetensors"));
    Path linkToLink = symlink(directory.resolve("current.safetensors"), Path.of("latest.safetensors"));
    Files.write(elsewhere.resolve(".run-7.safetensors.dead.tmp"), new byte[] {9}); // stale, beside the real file

    AtomicFile.write(linkToLink, content(2));

    assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(linkToLink), "the links stay links");
    assertEquals(Path.of("store", "run-7.safetensors"), Files.readSymbolicLink(link));
    assertArrayEquals(content(2), Files.readAllBytes(real));
    try (Stream<Path> files = Files.list(elsewhere)) {
      assertEquals(List.of(real), files.collect(Collectors.toList()), "temporaries live, and are cleaned, beside the real file");
    }
  }

  @Test
  void aDanglingLinkCreatesTheFileItPointsTo() throws IOException {
    Path link = symlink(directory.resolve("latest.safetensors"), Path.of("new.safetensors"));
    AtomicFile.write(link, content(4));
    assertTrue(Files.isSymbolicLink(link));
    assertArrayEquals(content(4), Files.readAllBytes(directory.resolve("new.safetensors")));
  }

  @Test
  void aLinkLoopFailsWithoutWritingAnything() throws IOException {
    Path a = directory.resolve("a");
    Path b = directory.resolve("b");
    symlink(a, Path.of("b"));
    symlink(b, Path.of("a"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(a, content(1)));
    assertTrue(e.getMessage().startsWith("atomic file: could not write " + a + ": more than 40 symbolic links"), e.getMessage());
    assertEquals(List.of("a", "b"), listing());
  }

  private static Path symlink(Path link, Path target) throws IOException {
    try {
      return Files.createSymbolicLink(link, target);
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links unsupported here: " + e);
      throw e;
    }
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> paths = Files.list(directory)) {
      return paths.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
