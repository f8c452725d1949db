package dev.chainrule.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Batching covers every example once per epoch, in any regime (1, b, all), reproducibly from a seed. */
class DataLoaderTest {

  /** Example i has feature row [i, -i] and target i. */
  private static Dataset numbered(int n) {
    double[] features = new double[2 * n];
    double[] targets = new double[n];
    for (int i = 0; i < n; i++) {
      features[2 * i] = i;
      features[2 * i + 1] = -i;
      targets[i] = i;
    }
    return new Dataset(NdArray.of(Shape.of(n, 2), features), NdArray.of(Shape.of(n), targets));
  }

  private static List<Integer> epoch(DataLoader loader) {
    List<Integer> seen = new ArrayList<>();
    for (Batch b : loader) {
      for (int i = 0; i < b.size(); i++) {
        int id = (int) b.targets().value().getFlat(i);
        assertEquals(-id, b.features().value().get(i, 1), "features stay with their target");
        seen.add(id);
      }
    }
    return seen;
  }

  @Property(tries = 50)
  void everyEpochVisitsEachExampleOnce(
      @ForAll @IntRange(min = 1, max = 40) int n, @ForAll @IntRange(min = 1, max = 50) int batchSize, @ForAll long seed) {
    DataLoader loader = DataLoader.shuffled(numbered(n), batchSize, seed);
    for (int e = 0; e < 2; e++) {
      List<Integer> seen = epoch(loader);
      assertEquals(n, seen.size());
      assertEquals(n, new TreeSet<>(seen).size());
    }
    assertEquals((n + batchSize - 1) / batchSize, loader.batchCount());
  }

  @Test
  void theSameSeedGivesTheSameOrderAndEpochsDiffer() {
    DataLoader a = DataLoader.shuffled(numbered(30), 4, 7);
    DataLoader b = DataLoader.shuffled(numbered(30), 4, 7);
    List<Integer> first = epoch(a);
    assertEquals(first, epoch(b));
    assertNotEquals(first, epoch(a), "each epoch reshuffles");
  }

  @Test
  void restoringTheEpochCountReplaysThatEpochsOrder() {
    DataLoader a = DataLoader.shuffled(numbered(30), 4, 7);
    epoch(a);
    epoch(a);
    assertEquals(2, a.draws());
    List<Integer> third = epoch(a);
    DataLoader b = DataLoader.shuffled(numbered(30), 4, 7);
    b.restoreDraws(2);
    assertEquals(third, epoch(b));
    assertEquals(3, b.draws());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restoreDraws(-1));
    assertEquals("dataLoader.restoreDraws: the epoch count must not be negative; got -1", e.getMessage());
  }

  @Test
  void batchSizeOneAndFullBatchAreTheTwoExtremes() {
    Dataset data = numbered(5);
    assertEquals(5, DataLoader.sequential(data, 1).batchCount());
    assertEquals(1, DataLoader.fullBatch(data).batchCount());
    assertEquals(List.of(0, 1, 2, 3, 4), epoch(DataLoader.fullBatch(data)));
  }

  @Test
  void datasetRejectsMismatchedExampleCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(NdArray.of(Shape.of(3, 2), 1, 2, 3, 4, 5, 6), NdArray.of(1, 2)));
    assertEquals("dataset: features and targets need the same number of examples on axis 0; got [3, 2] and [2]",
        e.getMessage());
  }

  @Test
  void splitPartitionsTheExamples() {
    Dataset[] parts = numbered(10).split(0.7, new Random(3));
    assertEquals(7, parts[0].size());
    assertEquals(3, parts[1].size());
    TreeSet<Double> all = new TreeSet<>();
    for (Dataset d : parts) {
      for (double v : d.targets().toDoubleArray()) {
        all.add(v);
      }
    }
    assertEquals(10, all.size());
  }

  @Test
  void splitRejectsAFractionThatLeavesAPartEmpty() {
    assertThrows(IllegalArgumentException.class, () -> numbered(10).split(0.01, new Random(1)));
  }

  @Test
  void droppingTheLastShortBatchKeepsBatchNormTrainable() {
    Dataset data = new Dataset(NdArray.randn(Shape.of(5, 2), DType.FLOAT64, new Random(3)), NdArray.zeros(Shape.of(5, 2), DType.FLOAT64));
    BatchNorm1d bn = BatchNorm1d.create(2, DType.FLOAT64);
    Trainer t = Trainer.create(bn, MeanSquaredError.mean(), Optimizer.create(Sgd.of(0.1), bn.parameters()))
        .stopWhen(StoppingCriterion.maxEpochs(2));
    assertThrows(IllegalArgumentException.class, () -> t.fit(DataLoader.sequential(data, 2)));
    assertEquals(2, DataLoader.sequential(data, 2).droppingLast().batchCount());
    assertEquals(2, t.fit(DataLoader.shuffled(data, 2, 4).droppingLast()).epochCount());
  }

  @Test
  void batchSizeIsTheRequestedOneOrTheWholeDatasetForFullBatch() {
    Dataset data = numbered(10);
    assertEquals(3, DataLoader.sequential(data, 3).batchSize());
    assertEquals(4, DataLoader.shuffled(data, 4, 1).droppingLast().batchSize());
    assertEquals(10, DataLoader.fullBatch(data).batchSize());
  }
  @Test
  void nullFeaturesOrTargetsAreNamed() {
    NdArray two = NdArray.of(1, 2);
    assertEquals("dataset: features is null", assertThrows(NullPointerException.class, () -> new Dataset(null, two)).getMessage());
    assertEquals("dataset: targets is null", assertThrows(NullPointerException.class, () -> new Dataset(two, null)).getMessage());
  }
}
