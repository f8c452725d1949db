package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fashion-MNIST cache without the network: cache hits, damaged files, missing tools, and downloads through stand-in scripts. */
class FashionMnistCacheTest {
  /** The stand-in downloads' progress lines, which would only clutter the test output. */
  private static final Consumer<String> QUIET = line -> { };

  private static final String NO_SUCH_COMMAND = "chainrule-test-no-such-apt-get";

  @TempDir Path dir;

  @Test
  void theFilesAreMnistsNamesGzipped() {
    assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
        List.copyOf(FashionMnistCache.FILES.keySet()));
    assertEquals(List.of(60_000, 60_000, 10_000, 10_000), List.copyOf(FashionMnistCache.FILES.values()));
  }

  @Test
  void aCompleteCacheIsUsedWithoutRunningAptGet() throws IOException {
    IdxFiles.writeBlankFashionMnist(dir);
    FashionMnistCache cache = new FashionMnistCache(dir, NO_SUCH_COMMAND, NO_SUCH_COMMAND);
    assertEquals(Optional.empty(), cache.problem());
    assertEquals(dir, cache.ensure(QUIET));
  }

  @Test
  void missingAndDamagedFilesAreNamedAsTheProblem() throws IOException {
    FashionMnistCache cache = new FashionMnistCache(dir, NO_SUCH_COMMAND, NO_SUCH_COMMAND);
    assertEquals(Optional.of("train-images-idx3-ubyte.gz is missing"), cache.problem());
    IdxFiles.writeBlankFashionMnist(dir);
    IdxFiles.writeGzipped(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxReader.LABELS, new int[] {9_999}, new byte[9_999]);
    String problem = cache.problem().orElseThrow();
    assertTrue(problem.contains("t10k-labels-idx1-ubyte.gz: expected 10000 labels; got 9999"), problem);
    Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz"), "not gzip, but long enough");
    assertTrue(cache.problem().orElseThrow().contains("not a gzip file"), cache.problem().orElseThrow());
  }

  @Test
  void missingToolsFailWithAMessageNamingThemAndWhereTheFilesGo() {
    Path cache = dir.resolve("fashion-mnist");
    FashionMnistCache fashion = new FashionMnistCache(cache, NO_SUCH_COMMAND, "dpkg");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> fashion.ensure(QUIET));
    for (String part : List.of("needs apt-get and dpkg", "dataset-fashion-mnist", "train-images-idx3-ubyte.gz", cache.toString(), NO_SUCH_COMMAND)) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
    assertFalse(fashion.canDownload());
  }

  @Test
  void aDownloadUnpacksTheFourFilesIntoTheCacheAndLeavesNothingElse() throws IOException {
    Path files = IdxFiles.writeBlankFashionMnist(Files.createDirectories(dir.resolve("files")));
    Path cache = dir.resolve("cache/fashion-mnist");
    FashionMnistCache fashion = standIn(files, cache);
    assertEquals(cache, fashion.ensure(QUIET));
    assertEquals(FashionMnistCache.FILES.keySet().stream().map(cache::resolve).sorted().toList(), StandInTools.listing(cache), "no download folder is left");
    assertEquals(Optional.empty(), fashion.problem());
  }

  @Test
  void aPackageWithoutOneOfTheFilesCachesNothing() throws IOException {
    Path files = IdxFiles.writeBlankFashionMnist(Files.createDirectories(dir.resolve("files")));
    Files.delete(files.resolve("t10k-images-idx3-ubyte.gz"));
    Path cache = dir.resolve("fashion-mnist");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> standIn(files, cache).ensure(QUIET));
    assertEquals("fashion-mnist: dataset-fashion-mnist has no usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", e.getMessage());
    assertEquals(List.of(), StandInTools.listing(cache));
  }

  /** A cache whose apt-get and dpkg are stand-ins: the "package" holds the files in {@code files}. */
  private FashionMnistCache standIn(Path files, Path cache) throws IOException {
    Path aptGet = StandInTools.script(dir, "apt-get", "touch dataset-fashion-mnist_0.0-1_all.deb");
    Path dpkg = StandInTools.script(dir, "dpkg",
        "mkdir -p \"$3/" + FashionMnistCache.PACKAGE_DIRECTORY + "\" && cp '" + files + "'/*.gz \"$3/" + FashionMnistCache.PACKAGE_DIRECTORY + "/\"");
    return new FashionMnistCache(cache, aptGet.toString(), dpkg.toString());
  }
}
