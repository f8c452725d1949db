package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

/**
 * The real fortunes for tests: from the cache, or downloaded with apt-get. On a machine without apt-get or
 * dpkg (and no cache) the tests that need them are skipped with a message; under CI ({@code CI=true}) that
 * is a failure instead, as for the word list (see {@link WordListAvailability}).
 */
final class FortuneAvailability {
  private FortuneAvailability() {}

  /** The cleaned entries, or a skip (a failure under CI) naming what is missing. */
  static List<String> load() {
    FortuneCache cache = FortuneCache.standard();
    boolean available = cache.problem().isEmpty() || cache.canDownload();
    String why = "the fortunes are not cached in " + cache.directory() + " and apt-get and dpkg are not there to download "
        + String.join(" and ", FortuneCache.PACKAGES) + " (a Debian or Ubuntu system has them)";
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(available, why);
    } else {
      assumeTrue(available, () -> "skipped: " + why);
    }
    return Fortunes.read(cache.ensure());
  }
}
