package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Fashion-MNIST data for tests: from the cache, or downloaded with apt-get. On a machine without
 * apt-get or dpkg (and no cache) the tests that need it are skipped with a message; under CI
 * ({@code CI=true}) that is a failure instead, as for MNIST (see {@link MnistAvailability}).
 */
final class FashionMnistAvailability {
  private FashionMnistAvailability() {}

  /** The data, or a skip (a failure under CI) naming what is missing. */
  static FashionMnistData load() {
    FashionMnistCache cache = FashionMnistCache.standard();
    boolean available = cache.problem().isEmpty() || cache.canDownload();
    String why = "Fashion-MNIST is not cached in " + cache.directory() + " and apt-get and dpkg are not there to download "
        + FashionMnistCache.PACKAGE + " (a Debian or Ubuntu system has them)";
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(available, why);
    } else {
      assumeTrue(available, () -> "skipped: " + why);
    }
    return FashionMnistData.load(cache.ensure());
  }
}
