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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word list cache without the network: cache hits, short lists, missing tools, and downloads through stand-in scripts. */
class WordListCacheTest {
  /** The stand-in downloads' progress lines, which would only clutter the test output. */
  private static final Consumer<String> QUIET = line -> { };

  private static final String NO_SUCH_COMMAND = "chainrule-test-no-such-apt-get";

  @TempDir Path dir;

  @Test
  void aCachedListIsUsedWithoutRunningAptGet() throws IOException {
    Path cache = Files.createDirectories(dir.resolve("wamerican"));
    writeWords(cache.resolve(WordListCache.FILE), WordListCache.MIN_WORDS);
    WordListCache words = new WordListCache(cache, NO_SUCH_COMMAND, NO_SUCH_COMMAND);
    assertEquals(Optional.empty(), words.problem());
    assertEquals(cache.resolve(WordListCache.FILE), words.ensure(QUIET));
  }

  @Test
  void aShortCachedListIsNamedAsTheProblem() throws IOException {
    writeWords(dir.resolve(WordListCache.FILE), 10);
    String problem = new WordListCache(dir, NO_SUCH_COMMAND, NO_SUCH_COMMAND).problem().orElseThrow();
    assertEquals("american-english holds 10 lowercase words; expected at least 50,000", problem);
  }

  @Test
  void missingToolsFailWithAMessageNamingThemAndWhereTheFileGoes() {
    Path cache = dir.resolve("wamerican");
    WordListCache words = new WordListCache(cache, NO_SUCH_COMMAND, "dpkg");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> words.ensure(QUIET));
    for (String part : List.of("needs apt-get and dpkg", "american-english", cache.toString(), NO_SUCH_COMMAND)) {
      assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
    }
    assertFalse(words.canDownload());
  }

  @Test
  void aDownloadUnpacksTheListIntoTheCacheAndLeavesNothingElse() throws IOException {
    Path list = writeWords(dir.resolve("list"), WordListCache.MIN_WORDS);
    Path aptGet = StandInTools.script(dir, "apt-get", "touch wamerican_2020.12.07-2_all.deb");
    Path dpkg = StandInTools.script(dir, "dpkg", "mkdir -p \"$3/usr/share/dict\" && cp '" + list + "' \"$3/usr/share/dict/american-english\"");
    Path cache = dir.resolve("cache/wamerican");
    assertEquals(cache.resolve(WordListCache.FILE), new WordListCache(cache, aptGet.toString(), dpkg.toString()).ensure(QUIET));
    assertEquals(List.of(cache.resolve(WordListCache.FILE)), StandInTools.listing(cache), "no download folder is left");
    assertEquals(WordListCache.MIN_WORDS, Words.read(cache.resolve(WordListCache.FILE)).size());
  }

  @Test
  void aFailingAptGetIsReportedWithItsOutputAndCachesNothing() throws IOException {
    Path aptGet = StandInTools.script(dir, "apt-get", "echo 'E: Unable to locate package wamerican'; exit 100");
    Path cache = dir.resolve("wamerican");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new WordListCache(cache, aptGet.toString(), "dpkg").ensure(QUIET));
    assertTrue(e.getMessage().contains("download wamerican' failed with exit code 100"), e.getMessage());
    assertTrue(e.getMessage().contains("E: Unable to locate package wamerican"), e.getMessage());
    assertEquals(List.of(), StandInTools.listing(cache));
  }

  /** Writes {@code count} distinct lowercase words (aaa, aab, …) plus lines the list must skip. */
  private static Path writeWords(Path file, int count) throws IOException {
    String words = IntStream.range(0, count)
        .mapToObj(i -> "" + (char) ('a' + i / 676 % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26) + (i / 17_576 > 0 ? "x".repeat(i / 17_576) : ""))
        .collect(Collectors.joining("\n"));
    return Files.writeString(file, "Capital\nit's\n" + words + "\n");
  }
}
