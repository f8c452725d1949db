package dev.chainrule.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Stochastic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A loader's transform is seeded per (seed, epoch, batch): reproducible, new each epoch, and only on the features. */
class DataLoaderTransformTest {

  /** 10 float32 images [1, 4, 4]; example i has the values 16i + 1 … 16i + 16 and target i. */
  private static Dataset images() {
    double[] pixels = new double[10 * 16];
    double[] targets = new double[10];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i + 1;
    }
    for (int i = 0; i < 10; i++) {
      targets[i] = i;
    }
    return new Dataset(NdArray.of(Shape.of(10, 1, 4, 4), pixels).to(DType.FLOAT32), NdArray.of(Shape.of(10), targets));
  }

  private static final Transform AUGMENT = Augment.randomCrop(2).andThen(Augment.horizontalFlip());

  private static List<NdArray> epoch(DataLoader loader) {
    List<NdArray> features = new ArrayList<>();
    for (Batch b : loader) {
      features.add(b.features().value());
    }
    return features;
  }

  @Test
  void batchBOfEpochEUsesTheGeneratorOfTheSeedEpochAndBatch() {
    Dataset data = images();
    DataLoader loader = DataLoader.sequential(data, 4).withTransform(AUGMENT, 11);
    epoch(loader);
    List<NdArray> second = epoch(loader);
    assertEquals(3, second.size());
    for (int b = 0; b < 3; b++) {
      NdArray part = data.range(4 * b, Math.min(4 * b + 4, 10)).features();
      assertEquals(AUGMENT.apply(part, Stochastic.stream(Stochastic.stream(11, 1).nextLong(), b)), second.get(b));
    }
  }

  @Test
  void theSameSeedGivesTheSameBatchesAndEpochsDiffer() {
    DataLoader a = DataLoader.shuffled(images(), 4, 3).withTransform(AUGMENT, 7);
    DataLoader b = DataLoader.shuffled(images(), 4, 3).withTransform(AUGMENT, 7);
    List<NdArray> first = epoch(a);
    assertEquals(first, epoch(b));
    assertNotEquals(first, epoch(a), "each epoch draws anew");
    assertNotEquals(first, epoch(DataLoader.shuffled(images(), 4, 3).withTransform(AUGMENT, 8)), "another seed, other crops");
  }

  @Test
  void aSequentialLoaderIsAugmentedReproduciblyAndItsEpochsDiffer() {
    DataLoader a = DataLoader.sequential(images(), 3).withTransform(AUGMENT, 5);
    List<NdArray> first = epoch(a);
    assertEquals(first, epoch(DataLoader.sequential(images(), 3).withTransform(AUGMENT, 5)));
    assertNotEquals(first, epoch(a));
  }

  @Test
  void restoringTheEpochCountReplaysThatEpochsAugmentation() {
    DataLoader a = DataLoader.shuffled(images(), 4, 3).withTransform(AUGMENT, 7);
    epoch(a);
    epoch(a);
    List<NdArray> third = epoch(a);
    DataLoader b = DataLoader.shuffled(images(), 4, 3).withTransform(AUGMENT, 7);
    b.restoreDraws(2);
    assertEquals(third, epoch(b));
  }

  @Test
  void theNewLoaderStartsItsOwnCounterWhereThisOneIsAndThisOneStaysPlain() {
    Dataset data = images();
    DataLoader plain = DataLoader.sequential(data, 10);
    epoch(plain);
    DataLoader augmented = plain.withTransform(Augment.horizontalFlip(1), 1).droppingLast();
    assertEquals(1, augmented.draws());
    epoch(augmented);
    assertEquals(2, augmented.draws());
    assertEquals(1, plain.draws());
    assertEquals(List.of(data.features()), epoch(plain), "the original loader does not transform");
    Batch batch = augmented.iterator().next();
    assertEquals(Augment.horizontalFlip(1).apply(data.features(), new Random(0)), batch.features().value());
    assertEquals(data.targets(), batch.targets().value(), "targets are not transformed");
  }

  @Test
  void aNullTransformIsRefused() {
    DataLoader loader = DataLoader.sequential(images(), 2);
    assertEquals("withTransform: transform is null",
        assertThrows(NullPointerException.class, () -> loader.withTransform(null, 0)).getMessage());
  }
}
