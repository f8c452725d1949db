package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

/**
 * The real word list for tests: from the cache, or downloaded with apt-get. On a machine without apt-get
 * or dpkg (and no cache) the tests that need it are skipped with a message; under CI ({@code CI=true})
 * that is a failure instead, as for MNIST (see {@link MnistAvailability}).
 */
final class WordListAvailability {
  private WordListAvailability() {}

  /** The lowercase words, or a skip (a failure under CI) naming what is missing. */
  static List<String> load() {
    WordListCache cache = WordListCache.standard();
    boolean available = cache.problem().isEmpty() || cache.canDownload();
    String why = "the word list is not cached in " + cache.directory() + " and apt-get and dpkg are not there to download "
        + WordListCache.PACKAGE + " (a Debian or Ubuntu system has them)";
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(available, why);
    } else {
      assumeTrue(available, () -> "skipped: " + why);
    }
    return Words.read(cache.ensure());
  }
}
