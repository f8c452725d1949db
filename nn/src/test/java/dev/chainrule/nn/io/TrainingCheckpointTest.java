package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One file holds model, optimizer, counters and random positions; reading checks they belong together. */
class TrainingCheckpointTest {
  @TempDir Path directory;

  private static Sequential model(long seed, Dropout a, Dropout b) {
    Random init = new Random(seed);
    return Sequential.of(Linear.create(2, 4, init), a, Activation.relu(), Sequential.of(b, Linear.create(4, 1, init)));
  }

  @Test
  void everythingRoundTripsThroughOneFile() {
    Dropout a = Dropout.create(0.2, 1);
    Dropout b = Dropout.create(0.5, 2);
    Sequential model = model(1, a, b);
    a.restoreDraws(7);
    b.restoreDraws(9);
    Optimizer adam = Optimizer.create(Adam.of(0.1), model.parameters());
    DataLoader loader = DataLoader.shuffled(new Dataset(NdArray.zeros(dev.chainrule.autodiff.array.Shape.of(4, 2), DType.FLOAT64),
        NdArray.zeros(dev.chainrule.autodiff.array.Shape.of(4, 1), DType.FLOAT64)), 2, 3);
    loader.restoreDraws(5);
    Path file = directory.resolve("ckpt.safetensors");
    TrainingCheckpoint.capture(model, adam, loader, 5, Map.of("note", NdArray.of(1, 2))).save(file);

    SafeTensors.Contents raw = SafeTensors.read(file);
    assertEquals(TrainingCheckpoint.FORMAT, raw.metadata().get("format"));
    assertEquals("7", raw.metadata().get("rng.model.1"));
    assertEquals("9", raw.metadata().get("rng.model.3.0"));
    assertEquals("5", raw.metadata().get("rng.loader"));
    assertTrue(raw.tensors().containsKey("model.0.weight") && raw.tensors().containsKey("optimizer.stepCount")
        && raw.tensors().containsKey("extra.note"), raw.tensors().keySet().toString());

    Dropout a2 = Dropout.create(0.2, 1);
    Dropout b2 = Dropout.create(0.5, 2);
    Sequential fresh = model(2, a2, b2);
    Optimizer adam2 = Optimizer.create(Adam.of(0.1), fresh.parameters());
    DataLoader loader2 = DataLoader.shuffled(loader.dataset(), 2, 3);
    TrainingCheckpoint read = TrainingCheckpoint.read(file);
    read.restore(fresh, adam2, loader2);
    assertEquals(model.stateDict(), fresh.stateDict());
    assertEquals(adam.state(), adam2.state());
    assertEquals(List.of(7L, 9L, 5L), List.of(a2.draws(), b2.draws(), loader2.draws()));
    assertEquals(5, read.epoch());
    assertEquals(NdArray.of(1, 2), read.extra().get("note"));

    DataLoader otherBatch = DataLoader.shuffled(loader.dataset(), 4, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read.restore(model(3, Dropout.create(0.2, 1), Dropout.create(0.5, 2)), adam2, otherBatch));
    assertEquals("trainingCheckpoint restore: the data loader differs from the saved one (batch size, examples);"
        + " got [4, 4], saved [2, 4]", e.getMessage());
    assertEquals(0, otherBatch.draws());
  }

  @Test
  void aFileWhoseModelAndOptimizerStepsDifferIsRejected() {
    Sequential model = model(1, Dropout.create(0.2, 1), Dropout.create(0.2, 2));
    Optimizer adam = Optimizer.create(Adam.of(0.1), model.parameters());
    Path file = directory.resolve("mixed.safetensors");
    TrainingCheckpoint.capture(model, adam, null, 0, Map.of()).save(file);
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
    metadata.put("step", "3"); // as if spliced from another save
    SafeTensors.write(file, contents.tensors(), metadata);
    SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> TrainingCheckpoint.read(file));
    assertEquals("checkpoint: " + file + ": the model and optimizer state are from different steps: metadata step is 3"
        + " but the optimizer's stepCount is " + NdArray.scalar(0), e.getMessage());

    metadata.put("step", "-1");
    SafeTensors.write(file, contents.tensors(), metadata);
    e = assertThrows(SafeTensorsException.class, () -> TrainingCheckpoint.read(file));
    assertEquals("checkpoint: " + file + ": metadata step must be a non-negative integer; got \"-1\"", e.getMessage());
  }

  @Test
  void aModelWithOtherDropoutLayersIsRefusedBeforeAnythingChanges() {
    Sequential model = model(1, Dropout.create(0.2, 1), Dropout.create(0.2, 2));
    Optimizer adam = Optimizer.create(Adam.of(0.1), model.parameters());
    Path file = directory.resolve("c.safetensors");
    TrainingCheckpoint.capture(model, adam, null, 1, Map.of()).save(file);
    Random init = new Random(5);
    Sequential noDropout = Sequential.of(Linear.create(2, 4, init), Activation.tanh(), Activation.relu(),
        Sequential.of(Activation.tanh(), Linear.create(4, 1, init)));
    Map<String, NdArray> before = noDropout.stateDict();
    Optimizer other = Optimizer.create(Adam.of(0.1), noDropout.parameters());
    SafeTensorsException e = assertThrows(SafeTensorsException.class,
        () -> TrainingCheckpoint.read(file).restore(noDropout, other, null));
    assertEquals("checkpoint: " + file + ": the model's random modules differ from the checkpoint's; model [],"
        + " checkpoint [1, 3.0]", e.getMessage());
    assertEquals(before, noDropout.stateDict());
    assertEquals(0, other.stepCount());
  }

  @Test
  void aLoaderWithAnotherShuffleSeedIsRefusedBeforeAnythingChanges() {
    Dataset data = fourZeros();
    Path file = saved("seed.safetensors", data, Map.of());
    assertEquals("7", SafeTensors.read(file).metadata().get("loader.shuffleSeed"));

    Sequential fresh = model(2, Dropout.create(0.2, 1), Dropout.create(0.2, 2));
    Map<String, NdArray> before = fresh.stateDict();
    Optimizer other = Optimizer.create(Adam.of(0.1), fresh.parameters());
    DataLoader reseeded = DataLoader.shuffled(data, 2, 8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingCheckpoint.read(file).restore(fresh, other, reseeded));
    assertEquals("trainingCheckpoint restore: the data loader's shuffle seed differs from the one the checkpoint was"
        + " written with; got 8, saved 7", e.getMessage());
    assertEquals(before, fresh.stateDict());
    assertEquals(0, other.stepCount());
    assertEquals(0, reseeded.draws());

    e = assertThrows(IllegalArgumentException.class,
        () -> TrainingCheckpoint.read(file).restore(fresh, other, DataLoader.sequential(data, 2)));
    assertEquals("trainingCheckpoint restore: the data loader's shuffle seed differs from the one the checkpoint was"
        + " written with; got no shuffling, saved 7", e.getMessage());
    TrainingCheckpoint.read(file).restore(fresh, other, DataLoader.shuffled(data, 2, 7));
  }

  @Test
  void settingsRoundTripAndACheckpointWithoutTheShuffleSeedStillRestores() {
    Dataset data = fourZeros();
    Path file = saved("old.safetensors", data, Map.of("note", "a b"));
    assertEquals(Map.of("note", "a b"), TrainingCheckpoint.read(file).settings());

    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
    metadata.remove("loader.shuffleSeed"); // as written before the seed was stored
    metadata.remove("setting.note");
    SafeTensors.write(file, contents.tensors(), metadata);
    TrainingCheckpoint old = TrainingCheckpoint.read(file);
    assertEquals(Map.of(), old.settings());
    DataLoader loader = DataLoader.shuffled(data, 2, 8); // unchecked: the file does not say
    Sequential fresh = model(2, Dropout.create(0.2, 1), Dropout.create(0.2, 2));
    old.restore(fresh, Optimizer.create(Adam.of(0.1), fresh.parameters()), loader);
    assertEquals(0, loader.draws());
  }

  private static Dataset fourZeros() {
    return new Dataset(NdArray.zeros(dev.chainrule.autodiff.array.Shape.of(4, 2), DType.FLOAT64),
        NdArray.zeros(dev.chainrule.autodiff.array.Shape.of(4, 1), DType.FLOAT64));
  }

  /** A checkpoint after one epoch with a loader of {@code data} shuffled by seed 7, and {@code settings}. */
  private Path saved(String name, Dataset data, Map<String, String> settings) {
    Sequential model = model(1, Dropout.create(0.2, 1), Dropout.create(0.2, 2));
    Optimizer adam = Optimizer.create(Adam.of(0.1), model.parameters());
    Path file = directory.resolve(name);
    TrainingCheckpoint.capture(model, adam, DataLoader.shuffled(data, 2, 7), 1, Map.of(), settings).save(file);
    return file;
  }
}
