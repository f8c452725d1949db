package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minimal tar reader, on archives the tests write themselves. */
class MnistTarballTest {
  @TempDir Path dir;

  private Path file(String name, int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return Files.write(dir.resolve(name), data);
  }

  private Path archive() throws IOException {
    Map<String, Path> entries = new LinkedHashMap<>();
    entries.put("pax:package/PaxHeader", Files.writeString(dir.resolve("pax"), "30 mtime=1442080271.123456789\n"));
    entries.put("package/package.json", file("package.json", 976));
    entries.put("package/data", null);
    entries.put("package/data/a", file("a", 300));
    entries.put("package/data/b", file("b", 1024));
    entries.put("package/data/c", file("c", 5));
    return MnistArchives.write(dir.resolve("p.tgz"), entries);
  }

  @Test
  void theNamedFilesAreExtractedAndEverythingElseIsSkipped() throws IOException {
    Path out = Files.createDirectory(dir.resolve("out"));
    MnistTarball.extract(archive(), "package/data", Set.of("a", "b"), out);
    assertArrayEquals(Files.readAllBytes(dir.resolve("a")), Files.readAllBytes(out.resolve("a")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("b")), Files.readAllBytes(out.resolve("b")));
    assertFalse(Files.exists(out.resolve("c")));
  }

  @Test
  void aFileMissingFromTheArchiveIsNamed() throws IOException {
    Path archive = archive();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MnistTarball.extract(archive, "package/data", Set.of("a", "d"), dir));
    assertTrue(e.getMessage().contains("p.tgz has no file package/data/d"), e.getMessage());
  }

  @Test
  void aDamagedHeaderFailsItsChecksum() throws IOException {
    byte[] tar = gunzip(archive());
    tar[2 * 512 + 10] ^= 1; // the name of package.json, after the pax header and its data
    Path damaged = gzip(tar, dir.resolve("damaged.tgz"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MnistTarball.extract(damaged, "package/data", Set.of("a"), dir));
    assertTrue(e.getMessage().contains("damaged.tgz: header checksum"), e.getMessage());
  }

  @Test
  void anArchiveCutShortIsReportedAsTruncated() throws IOException {
    byte[] tar = gunzip(archive());
    Path cut = gzip(java.util.Arrays.copyOf(tar, 2 * 512 + 1024 + 100), dir.resolve("cut.tgz"));
    Path out = Files.createDirectory(dir.resolve("out"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MnistTarball.extract(cut, "package/data", Set.of("a"), out));
    assertTrue(e.getMessage().contains("cut.tgz is truncated"), e.getMessage());
  }

  private static byte[] gunzip(Path tgz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
      return in.readAllBytes();
    }
  }

  private static Path gzip(byte[] data, Path tgz) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return Files.write(tgz, bytes.toByteArray());
  }
}
