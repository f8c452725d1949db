package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training loop's stopping criteria, history, schedules, listeners and reproducibility. */
class TrainerTest {

  private static Trainer xorTrainer(Sequential net, double lr) {
    return Trainer.create(net, MeanSquaredError.halfSum(), Optimizer.create(Sgd.withMomentum(lr, 0.9), net.parameters()));
  }

  @Test
  void maxEpochsStopsAfterExactlyThatManyEpochs() {
    History h = xorTrainer(ConvergenceTest.xorNetwork(1), 0.5)
        .stopWhen(StoppingCriterion.maxEpochs(7)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    assertEquals(7, h.epochCount());
    assertEquals("reached 7 epochs", h.stopReason());
    for (int i = 0; i < 7; i++) {
      assertEquals(i + 1, h.epochs().get(i).epoch());
    }
  }

  @Test
  void aZeroTimeLimitStopsAfterTheFirstEpoch() {
    History h = xorTrainer(ConvergenceTest.xorNetwork(1), 0.5)
        .stopWhen(StoppingCriterion.timeLimit(Duration.ZERO)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    assertEquals(1, h.epochCount());
    assertTrue(h.stopReason().startsWith("time limit"));
  }

  @Test
  void noImprovementFiresAfterPatienceEpochsWithoutProgress() {
    List<EpochRecord> epochs = new ArrayList<>();
    double[] losses = {1.0, 0.5, 0.49995, 0.6, 0.5};
    for (int i = 0; i < losses.length; i++) {
      epochs.add(new EpochRecord(i + 1, losses[i], Double.NaN, Map.of(), 0.1, Duration.ZERO, Duration.ZERO));
      boolean fired = StoppingCriterion.noImprovement(3, 1e-4).check(epochs).isPresent();
      assertEquals(i == 4, fired, "epoch " + (i + 1));
    }
  }

  @Test
  void theScheduleSetsEachEpochsLearningRate() {
    History h = xorTrainer(ConvergenceTest.xorNetwork(1), 0.5)
        .withSchedule(LearningRateSchedule.step(0.4, 2, 0.5))
        .stopWhen(StoppingCriterion.maxEpochs(5)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    double[] expected = {0.4, 0.4, 0.2, 0.2, 0.1};
    for (int i = 0; i < 5; i++) {
      assertEquals(expected[i], h.epochs().get(i).learningRate(), 1e-15);
    }
  }

  @Test
  void listenersHearEveryBatchAndEpoch() {
    int[] counts = new int[2];
    TrainingListener counting = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batchCount, double loss, Duration elapsed) {
        counts[0]++;
      }

      @Override
      public void onEpochEnd(EpochRecord record) {
        counts[1]++;
      }
    };
    xorTrainer(ConvergenceTest.xorNetwork(1), 0.5).withListener(counting)
        .stopWhen(StoppingCriterion.maxEpochs(3)).fit(DataLoader.sequential(ConvergenceTest.xor(), 1));
    assertEquals(12, counts[0]);
    assertEquals(3, counts[1]);
  }

  @Test
  void aDivergingRunStopsWithAMessage() {
    dev.chainrule.nn.layer.Linear linear = dev.chainrule.nn.layer.Linear.create(2, 1, new java.util.Random(1));
    History h = Trainer.create(linear, MeanSquaredError.mean(), Optimizer.create(Sgd.of(1e10), linear.parameters()))
        .stopWhen(StoppingCriterion.maxEpochs(100)).fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    assertTrue(h.epochCount() < 100, "stopped early");
    assertTrue(h.stopReason().contains("lower the learning rate"), h.stopReason());
  }

  @Test
  void fitNeedsAStoppingCriterion() {
    assertThrows(IllegalArgumentException.class,
        () -> xorTrainer(ConvergenceTest.xorNetwork(1), 0.5).fit(DataLoader.fullBatch(ConvergenceTest.xor())));
  }

  @Test
  void theSameSeedsGiveBitIdenticalTraining() {
    Map<String, NdArray> first = trainOnce();
    Map<String, NdArray> second = trainOnce();
    assertEquals(first, second);
  }

  private static Map<String, NdArray> trainOnce() {
    Sequential net = ConvergenceTest.xorNetwork(5);
    xorTrainer(net, 0.3).stopWhen(StoppingCriterion.maxEpochs(20))
        .fit(DataLoader.shuffled(ConvergenceTest.blobsAsXorShape(), 3, 9));
    return net.stateDict();
  }
}
