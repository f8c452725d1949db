package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.io.SafeTensors;
import dev.chainrule.nn.io.SafeTensorsException;
import dev.chainrule.nn.io.TrainingCheckpoint;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.LearningRateSchedule;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training that is checkpointed, thrown away and resumed with fresh objects ends bit-identical to training
 * that never stopped: parameters, batch-norm buffers, Adam's moments and step, the loader's and dropout's
 * positions in their random sequences, and the history's values.
 */
class TrainerResumeTest {
  @TempDir Path directory;

  private static final Dataset TRAIN = new Dataset(
      NdArray.randn(Shape.of(40, 3), DType.FLOAT64, new Random(31)), NdArray.randn(Shape.of(40, 1), DType.FLOAT64, new Random(32)));
  private static final Dataset VALIDATION = new Dataset(
      NdArray.randn(Shape.of(12, 3), DType.FLOAT64, new Random(33)), NdArray.randn(Shape.of(12, 1), DType.FLOAT64, new Random(34)));

  /** Freshly built objects; {@code initSeed} only changes the initial weights, which a resume overwrites. */
  private record Run(Sequential model, Dropout dropout, Optimizer optimizer, DataLoader loader, ReduceOnPlateau plateau) {
    static Run fresh(long initSeed, boolean withPlateau) {
      Random init = new Random(initSeed);
      Dropout dropout = Dropout.create(0.3, 5);
      Sequential model = Sequential.of(Linear.create(3, 12, init), BatchNorm1d.create(12, DType.FLOAT64),
          Activation.relu(), dropout, Linear.create(12, 1, init));
      return new Run(model, dropout, Optimizer.create(Adam.of(0.02), model.parameters()),
          DataLoader.shuffled(TRAIN, 8, 21), withPlateau ? ReduceOnPlateau.create(0.02, 0.5, 0, 0, 0) : null);
    }

    Trainer trainer(int maxEpochs) {
      Trainer t = unscheduled(maxEpochs);
      return plateau == null
          ? t.withSchedule(LearningRateSchedule.step(0.02, 2, 0.5)) : t.withPlateauReduction(plateau);
    }

    Trainer unscheduled(int maxEpochs) {
      return Trainer.create(model, MeanSquaredError.mean(), optimizer)
          .validateOn(VALIDATION)
          .withMetrics(Metric.meanAbsoluteError())
          .stopWhen(StoppingCriterion.maxEpochs(maxEpochs));
    }

    Run withLoader(DataLoader other) {
      return new Run(model, dropout, optimizer, other, plateau);
    }
  }

  @Test
  void resumingWithAScheduleEqualsTheUninterruptedRunBitForBit() {
    resumeEqualsUninterrupted(false);
  }

  @Test
  void resumingWithAPlateauReductionEqualsTheUninterruptedRunBitForBit() {
    resumeEqualsUninterrupted(true);
  }

  private void resumeEqualsUninterrupted(boolean plateau) {
    Run straight = Run.fresh(1, plateau);
    History expected = straight.trainer(7).fit(straight.loader());

    Path file = directory.resolve("run.safetensors");
    Run crashed = Run.fresh(1, plateau);
    crashed.trainer(5).checkpointEvery(3, file).fit(crashed.loader()); // "crashes" after epoch 5, saved at 3
    assertEquals(3, TrainingCheckpoint.read(file).epoch());

    Run resumed = Run.fresh(2, plateau); // other initial weights: all state must come from the file
    assertNotEquals(bits(straight.model().stateDict()), bits(resumed.model().stateDict()));
    History history = resumed.trainer(7).checkpointEvery(3, file).resumeFrom(file).fit(resumed.loader());

    assertEquals(bits(straight.model().stateDict()), bits(resumed.model().stateDict()));
    assertEquals(bits(straight.optimizer().state()), bits(resumed.optimizer().state()));
    assertEquals(straight.optimizer().stepCount(), resumed.optimizer().stepCount());
    assertEquals(7 * 5, resumed.optimizer().stepCount());
    assertEquals(straight.loader().draws(), resumed.loader().draws());
    assertEquals(straight.dropout().draws(), resumed.dropout().draws());
    assertTrue(resumed.dropout().draws() > 0);
    if (plateau) {
      assertEquals(bits(straight.plateau().state()), bits(resumed.plateau().state()));
    }
    assertEquals(values(expected), values(history));
    assertEquals(expected.stopReason(), history.stopReason());
    assertEquals(6, TrainingCheckpoint.read(file).epoch(), "the resumed run went on checkpointing");
  }

  @Test
  void resumingFromTheMiddleOfAnEpochEqualsTheUninterruptedRunBitForBit() {
    // 5 batches per epoch: every 7 steps saves at epoch 3 batch 4; every 3 inside epoch 1 (no epoch
    // completed yet); every 5 after an epoch's last batch but before its validation
    resumeFromStep(7, 3, 14, 2, false);
    resumeFromStep(3, 1, 3, 0, true);
    resumeFromStep(5, 2, 10, 1, false);
  }

  private void resumeFromStep(int everySteps, int crashAfter, long savedStep, long savedEpoch, boolean plateau) {
    Run straight = Run.fresh(1, plateau);
    History expected = straight.trainer(5).fit(straight.loader());

    Path file = directory.resolve("steps-" + everySteps + ".safetensors");
    Run crashed = Run.fresh(1, plateau);
    crashed.trainer(crashAfter).checkpointEverySteps(everySteps, file).fit(crashed.loader());
    TrainingCheckpoint saved = TrainingCheckpoint.read(file);
    assertEquals(List.of(savedStep, savedEpoch), List.of(saved.step(), saved.epoch()));

    Run resumed = Run.fresh(2, plateau);
    History history = resumed.trainer(5).resumeFrom(file).fit(resumed.loader());
    String where = "every " + everySteps + " steps, crash after epoch " + crashAfter;
    assertEquals(bits(straight.model().stateDict()), bits(resumed.model().stateDict()), where);
    assertEquals(bits(straight.optimizer().state()), bits(resumed.optimizer().state()), where);
    assertEquals(straight.loader().draws(), resumed.loader().draws(), where);
    assertEquals(straight.dropout().draws(), resumed.dropout().draws(), where);
    assertEquals(values(expected), values(history), where);
  }

  @Test
  void resumingAFinishedRunReturnsItsHistoryWithoutTraining() {
    Path file = directory.resolve("done.safetensors");
    Run first = Run.fresh(1, false);
    History done = first.trainer(4).checkpointEvery(2, file).fit(first.loader());
    Run again = Run.fresh(2, false);
    History history = again.trainer(4).resumeFrom(file).fit(again.loader());
    assertEquals(values(done), values(history));
    assertEquals(bits(first.model().stateDict()), bits(again.model().stateDict()));
    assertEquals(20, again.optimizer().stepCount());
  }

  @Test
  void resumeIfPresentStartsFreshWithoutAFileAndResumeFromRequiresOne() {
    Path missing = directory.resolve("missing.safetensors");
    Run plain = Run.fresh(1, false);
    plain.trainer(2).fit(plain.loader());
    Run fresh = Run.fresh(1, false);
    fresh.trainer(2).resumeIfPresent(missing).fit(fresh.loader());
    assertEquals(bits(plain.model().stateDict()), bits(fresh.model().stateDict()));

    Run strict = Run.fresh(1, false);
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> strict.trainer(2).resumeFrom(missing).fit(strict.loader()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertEquals(0, strict.optimizer().stepCount());
  }

  @Test
  void aCheckpointOfAnotherArchitectureChangesNothing() {
    Path file = directory.resolve("other.safetensors");
    Random init = new Random(3);
    Sequential wide = Sequential.of(Linear.create(3, 16, init), Activation.relu(), Dropout.create(0.3, 5), Linear.create(16, 1, init));
    Trainer.create(wide, MeanSquaredError.mean(), Optimizer.create(Adam.of(0.02), wide.parameters()))
        .withSchedule(LearningRateSchedule.step(0.02, 2, 0.5)) // as Run's: only the architecture differs
        .stopWhen(StoppingCriterion.maxEpochs(1)).checkpointEvery(1, file).fit(DataLoader.shuffled(TRAIN, 8, 21));

    Run run = Run.fresh(1, false);
    run.loader().iterator(); // one epoch drawn, to see that the failed resume leaves the count alone
    Map<String, List<Long>> model = bits(run.model().stateDict());
    Map<String, List<Long>> optimizer = bits(run.optimizer().state());
    SafeTensorsException e = assertThrows(SafeTensorsException.class,
        () -> run.trainer(3).resumeFrom(file).fit(run.loader()));
    assertTrue(e.getMessage().startsWith("checkpoint: " + file + ": names differ from the model's"), e.getMessage());
    assertEquals(model, bits(run.model().stateDict()));
    assertEquals(optimizer, bits(run.optimizer().state()));
    assertEquals(1, run.loader().draws());
    assertEquals(0, run.dropout().draws());
  }

  @Test
  void aModelCheckpointIsNotATrainingCheckpoint() {
    Path file = directory.resolve("weights.safetensors");
    Run run = Run.fresh(1, false);
    dev.chainrule.nn.io.Checkpoint.save(file, run.model());
    SafeTensorsException e = assertThrows(SafeTensorsException.class,
        () -> run.trainer(3).resumeFrom(file).fit(run.loader()));
    assertEquals("checkpoint: " + file + ": not a training checkpoint: metadata format must be \""
        + TrainingCheckpoint.FORMAT + "\"; got \"pt\"", e.getMessage());
    assertEquals(0, run.optimizer().stepCount());
  }

  @Test
  void checkpointEveryRejectsANonPositiveInterval() {
    Run run = Run.fresh(1, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run.trainer(1).checkpointEvery(0, directory.resolve("x")));
    assertEquals("checkpointEvery: the interval must be a positive number of epochs; got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run.trainer(1).checkpointEverySteps(-2, directory.resolve("x")));
    assertEquals("checkpointEverySteps: the interval must be a positive number of steps; got -2", e.getMessage());
  }

  @Test
  void resumingWithAnotherShuffleSeedIsRefusedBeforeAnythingChanges() {
    Path file = directory.resolve("seed.safetensors");
    Run first = Run.fresh(1, false);
    first.trainer(2).checkpointEvery(2, file).fit(first.loader());

    Run run = Run.fresh(2, false).withLoader(DataLoader.shuffled(TRAIN, 8, 22));
    List<Object> before = state(run);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run.trainer(4).resumeFrom(file).fit(run.loader()));
    assertEquals("trainingCheckpoint restore: the data loader's shuffle seed differs from the one the checkpoint was"
        + " written with; got 22, saved 21", e.getMessage());
    assertEquals(before, state(run), "nothing changed");
  }

  @Test
  void resumingWithAnotherScheduleIsRefusedBeforeAnythingChanges() {
    Path file = directory.resolve("schedule.safetensors");
    Run first = Run.fresh(1, false);
    first.trainer(2).checkpointEverySteps(7, file).fit(first.loader()); // mid-epoch: its progress is in the file

    Run run = Run.fresh(2, false);
    List<Object> before = state(run);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.unscheduled(4)
        .withSchedule(LearningRateSchedule.step(0.02, 2, 0.25)).resumeFrom(file).fit(run.loader()));
    assertEquals("resumeFrom: " + file + ": the learning-rate schedule differs from the one the checkpoint was"
        + " written with; got step(learningRate=0.02, stepSize=2, gamma=0.25),"
        + " saved step(learningRate=0.02, stepSize=2, gamma=0.5)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run.unscheduled(4).resumeFrom(file).fit(run.loader()));
    assertEquals("resumeFrom: " + file + ": the learning-rate schedule differs from the one the checkpoint was"
        + " written with; got none, saved step(learningRate=0.02, stepSize=2, gamma=0.5)", e.getMessage());
    assertEquals(before, state(run), "nothing changed");
  }

  @Test
  void aCheckpointWithoutTheSeedAndScheduleStillResumesBitForBit() {
    Run straight = Run.fresh(1, false);
    History expected = straight.trainer(4).fit(straight.loader());
    Path file = directory.resolve("older.safetensors");
    Run crashed = Run.fresh(1, false);
    crashed.trainer(2).checkpointEvery(2, file).fit(crashed.loader());
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> metadata = new java.util.LinkedHashMap<>(contents.metadata());
    assertEquals("21", metadata.remove("loader.shuffleSeed"));
    assertEquals("step(learningRate=0.02, stepSize=2, gamma=0.5)", metadata.remove("setting.learningRateSchedule"));
    SafeTensors.write(file, contents.tensors(), metadata); // as written before these were stored

    Run resumed = Run.fresh(2, false);
    History history = resumed.trainer(4).resumeFrom(file).fit(resumed.loader());

    assertEquals(bits(straight.model().stateDict()), bits(resumed.model().stateDict()));
    assertEquals(bits(straight.optimizer().state()), bits(resumed.optimizer().state()));
    assertEquals(values(expected), values(history));
  }

  /** Each array's elements as raw bits, so that -0.0 and 0.0, or two NaNs, are told apart. */
  private static Map<String, List<Long>> bits(Map<String, NdArray> state) {
    Map<String, List<Long>> out = new java.util.LinkedHashMap<>();
    state.forEach((name, array) -> {
      double[] values = array.toDoubleArray();
      Long[] raw = new Long[values.length];
      for (int i = 0; i < values.length; i++) {
        raw[i] = Double.doubleToRawLongBits(values[i]);
      }
      out.put(name + ":" + array.dtype() + array.shape(), List.of(raw));
    });
    return out;
  }

  /** Everything a resume would change: parameters and buffers, optimizer state, the random positions. */
  private static List<Object> state(Run run) {
    return List.of(bits(run.model().stateDict()), bits(run.optimizer().state()), run.loader().draws(),
        run.dropout().draws());
  }

  /** The history without its timings. */
  private static List<List<Object>> values(History history) {
    return history.epochs().stream()
        .map(r -> List.<Object>of(r.epoch(), Double.doubleToRawLongBits(r.trainLoss()),
            Double.doubleToRawLongBits(r.validationLoss()), r.metrics(), Double.doubleToRawLongBits(r.learningRate())))
        .toList();
  }
}
