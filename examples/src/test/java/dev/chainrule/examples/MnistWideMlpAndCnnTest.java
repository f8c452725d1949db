package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.TrainingListener;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stronger MNIST models learn: one epoch on the first 6,000 training images already scores well on
 * the first 2,000 test images (the full runs' figures are in the README).
 */
class MnistWideMlpAndCnnTest {

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theWideMlpLearnsFromATenthOfTheData() {
    MnistData data = MnistAvailability.subset(MnistAvailability.load(), 6000, 2000);
    History history = MnistWideMlp.train(data, 1, TrainingListener.silent());
    double accuracy = history.last().metrics().get("accuracy");
    assertTrue(accuracy >= 0.85, () -> "wide MLP test accuracy after one epoch on 6,000 images: " + accuracy);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theCnnLearnsFromATenthOfTheData() {
    MnistData data = MnistAvailability.subset(MnistAvailability.load().asImages(), 6000, 2000);
    History history = MnistCnn.train(data, 1, TrainingListener.silent());
    double accuracy = history.last().metrics().get("accuracy");
    assertTrue(accuracy >= 0.80, () -> "CNN test accuracy after one epoch on 6,000 images: " + accuracy);
  }
}
