package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.Shape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DP-SGD example on real digits: vmap's per-example gradients are the loop's, bit for bit; the norms
 * are each example's gradient length; and a short private run learns.
 */
class PrivateMnistTest {

  @Test
  void perExampleGradientsByVmapAreTheLoopsBitForBit() {
    MnistData data = MnistAvailability.subset(MnistAvailability.load(), 16, 0);
    PrivateMnist dp = new PrivateMnist(MnistWideMlp.network(1), 1);
    Tensor images = Tensor.of(data.train().features());
    Tensor labels = Tensor.of(data.train().targets());
    List<Tensor> batched = dp.perExampleGradients(images, labels);
    List<Tensor> loop = dp.loopGradients(images, labels);
    assertEquals(6, batched.size());
    assertEquals(Shape.of(16, 128, 784), batched.get(0).shape());
    assertEquals(0, PrivateMnist.largestDifference(batched, loop));
    assertTrue(batched.get(0).abs().max().item() > 0, "the gradients are not all zero");

    // the norm of example 3's gradient, from the loop's own parts
    double squares = 0;
    for (Tensor g : loop) {
      squares += g.slice(0, 3, 4).square().sum().item();
    }
    assertEquals(Math.sqrt(squares), PrivateMnist.norms(batched).value().getFlat(3), 1e-4 * Math.sqrt(squares));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aShortPrivateRunLearns() {
    MnistData data = MnistAvailability.subset(MnistAvailability.load(), 19200, 2000);
    PrivateMnist dp = new PrivateMnist(MnistWideMlp.network(42), 42);
    double before = dp.accuracy(data.test());
    PrivateMnist.Epoch epoch = dp.train(data, 1).get(0);
    assertTrue(before < 0.2, "an untrained network guesses: " + before);
    assertTrue(epoch.accuracy() >= 0.65, () -> "test accuracy after 300 private steps: " + epoch.accuracy());
    assertTrue(epoch.clipped() > 0 && epoch.clipped() < 1, "some examples are clipped, not all: " + epoch.clipped());
  }
}
