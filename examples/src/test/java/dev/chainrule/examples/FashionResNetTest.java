package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.TrainingListener;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Fashion-MNIST residual network: its shapes, and that one epoch on a tenth of the training
 * images already classifies most test images (the full run's figures are in the README).
 */
class FashionResNetTest {

  @Test
  void theNetworkMapsImagesToTenLogits() {
    Tensor x = Tensor.randn(Shape.of(3, 1, 28, 28), DType.FLOAT32, new Random(1));

    assertEquals(Shape.of(3, 10), FashionResNet.network(FashionResNet.SEED).forward(x).shape());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void oneEpochOnATenthOfTheDataLearns() {
    FashionMnistData all = FashionMnistAvailability.load();
    FashionMnistData data = new FashionMnistData(all.train().range(0, 6000), all.test().range(0, 2000));

    History history = FashionResNet.train(data, 1, java.util.Optional.empty(), TrainingListener.silent());

    double accuracy = history.last().metrics().get("accuracy");
    assertTrue(accuracy >= 0.60, () -> "ResNet test accuracy after one epoch on 6,000 images: " + accuracy);
  }
}
