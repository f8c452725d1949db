package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableMap;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Residual;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.Batch;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.io.Checkpoint;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.AttentionMask;
import dev.chainrule.nn.layer.BatchNorm2d;
import dev.chainrule.nn.layer.Conv2d;
import dev.chainrule.nn.layer.ConvOptions;
import dev.chainrule.nn.layer.ConvPadding;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.layer.Lstm;
import dev.chainrule.nn.layer.PositionalEncoding;
import dev.chainrule.nn.layer.RecurrentOptions;
import dev.chainrule.nn.layer.TransformerEncoder;
import dev.chainrule.nn.layer.TransformerEncoderLayer;
import dev.chainrule.nn.layer.TransformerOptions;
import dev.chainrule.nn.loss.CrossEntropy;
import dev.chainrule.nn.optim.Adam;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import dev.chainrule.nn.train.StoppingCriterion;
import dev.chainrule.nn.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's nn tour, snippet by snippet: it compiles, and the values it quotes hold. */
class ReadmeNnTourTest {

  /** Three separated Gaussian blobs in 2-D, labelled 0, 1, 2. */
  private static Dataset blobs() {
    Random random = new Random(3);
    double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
    int n = 300;
    double[] x = new double[2 * n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      x[2 * i] = centres[c][0] + 0.6 * random.nextGaussian();
      x[2 * i + 1] = centres[c][1] + 0.6 * random.nextGaussian();
      y[i] = c;
    }
    return new Dataset(NdArray.of(Shape.of(n, 2), x), NdArray.of(Shape.of(n), y));
  }

  private static Sequential model() {
    Random random = new Random(42);                                   // every initialiser takes a seeded Random
    Sequential model = Sequential.of(
        Linear.create(2, 16, random), Activation.relu(),
        Linear.create(16, 3, random));
    return model;
  }

  /** The README's LSTM classifier: the last hidden state, read by a linear layer. */
  record Classifier(Lstm lstm, Linear head) implements Module {
    public Tensor forward(Tensor x) { return head.forward(lstm.run(x).hidden().squeeze(0)); }
    public Map<String, Module> children() { return ImmutableMap.of("lstm", lstm, "head", head); }
  }

  private static Classifier classifier(Random random) {
    Classifier classifier = new Classifier(
        Lstm.create(RecurrentOptions.of(3, 8).withBatchFirst(true), random), Linear.create(8, 2, random));
    return classifier;
  }

  /** Whether every element of {@code t} is finite. */
  private static boolean allFinite(Tensor t) {
    for (double v : t.value().toDoubleArray()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** {@code t} with steps {@code from} onwards (axis 1) replaced by fresh random values. */
  private static Tensor perturbFrom(Tensor t, int from, Random random) {
    int n = t.shape().dim(0);
    int steps = t.shape().dim(1);
    int e = t.shape().dim(2);
    return Tensor.concat(1, t.slice(1, 0, from), Tensor.randn(Shape.of(n, steps - from, e), DType.FLOAT64, random));
  }

  /** Whether {@code a} and {@code b} agree on steps {@code [from, to)} of axis 1. */
  private static boolean sameSteps(Tensor a, Tensor b, int from, int to) {
    return a.slice(1, from, to).value().allClose(b.slice(1, from, to).value(), 1e-12, 1e-12);
  }

  @Test
  void anLstmClassifierReadsTheLastHiddenStateAndHandlesPaddedBatches() {
    Random random = new Random(42);
    Classifier classifier = classifier(random);
    Tensor x = Tensor.randn(Shape.of(4, 5, 3), DType.FLOAT64, random); // [N, T, in]: 4 sequences of 5 steps
    assertEquals(Shape.of(1, 4, 8), classifier.lstm().run(x).hidden().shape());   // [1, 4, 8]: [layers·directions, N, H]
    Tensor logits = classifier.forward(x);
    assertEquals(Shape.of(4, 2), logits.shape());                                  // [4, 2]: a logit per class
    assertTrue(allFinite(logits));
    assertEquals(
        List.of("lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "head.weight", "head.bias"),
        List.copyOf(classifier.namedParameters().keySet()));
    Tensor padded = classifier.lstm().run(x, new int[] {5, 3, 2, 5}).hidden();     // padded batch: each state after its last real step

    // each sequence's state is the state of the sequence cut to its length; full-length ones are unchanged
    int[] lengths = {5, 3, 2, 5};
    for (int n = 0; n < 4; n++) {
      Tensor alone = classifier.lstm().run(x.slice(0, n, n + 1).slice(1, 0, lengths[n])).hidden();
      assertTrue(alone.value().allClose(padded.slice(1, n, n + 1).value(), 1e-12, 1e-12), "sequence " + n);
    }
    Tensor unpadded = classifier.lstm().run(x).hidden();
    assertFalse(unpadded.slice(1, 1, 2).value().allClose(padded.slice(1, 1, 2).value(), 1e-6, 1e-6));
  }

  @Test
  void theLstmClassifierLearnsWhatItsFirstStepSaid() {
    // a tiny task that needs memory: the class is the sign of the first feature of the first step
    Random random = new Random(42);
    Classifier classifier = classifier(random);
    int n = 32;
    Tensor x = Tensor.randn(Shape.of(n, 5, 3), DType.FLOAT64, new Random(5));
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = x.value().get(i, 0, 0) > 0 ? 1 : 0;
    }
    Tensor targets = Tensor.of(NdArray.of(Shape.of(n), labels));
    Optimizer adam = Optimizer.create(Adam.of(0.05), classifier.parameters());
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 20; step++) {
      Tensor loss = CrossEntropy.mean().apply(classifier.forward(x), targets);
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
      loss.backward();
      adam.step();
    }
    assertTrue(Double.isFinite(last) && last < 0.5 * first, "loss " + first + " → " + last);
  }

  @Test
  void aCausalTransformerBlockIgnoresLaterSteps() {
    Random random = new Random(42);
    TransformerOptions options = TransformerOptions.of(16, 4).withFeedforward(32).withDropout(0, 0).batchFirst();
    TransformerEncoderLayer block = TransformerEncoderLayer.create(options, DType.FLOAT64, random);
    Tensor tokens = Tensor.randn(Shape.of(2, 6, 16), DType.FLOAT64, random);      // [N, S, E]
    Tensor input = tokens.add(Tensor.of(PositionalEncoding.sinusoidal(6, 16, DType.FLOAT64)));  // + [S, E] positions
    Tensor y = block.forward(input, AttentionMask.causal());                      // [2, 6, 16]; step s ignores steps > s
    TransformerEncoder stack = TransformerEncoder.create(block, 2);
    Tensor stacked = stack.forward(input, AttentionMask.causal());                // a stack of 2 copies of the block
    assertEquals(Shape.of(2, 6, 16), y.shape());
    assertEquals(Shape.of(2, 6, 16), stacked.shape());
    assertTrue(allFinite(y) && allFinite(stacked));
    assertEquals(2 * block.parameterCount(), stack.parameterCount());

    // changing steps s+1… leaves steps 0…s alone under the causal mask, but changes step s+1; and not without the mask
    Random perturb = new Random(8);
    for (int s = 0; s < 5; s++) {
      Tensor changed = perturbFrom(input, s + 1, perturb);
      Tensor yChanged = block.forward(changed, AttentionMask.causal());
      assertTrue(sameSteps(y, yChanged, 0, s + 1), "block, steps ≤ " + s);
      assertFalse(sameSteps(y, yChanged, s + 1, s + 2), "block, step " + (s + 1));
      assertTrue(sameSteps(stacked, stack.forward(changed, AttentionMask.causal()), 0, s + 1), "stack, steps ≤ " + s);
    }
    Tensor changed = perturbFrom(input, 1, perturb);
    assertFalse(sameSteps(block.forward(input), block.forward(changed), 0, 1), "no mask, step 0");

    // a padded key is hidden from every query: with step 2 marked as padding, steps 3… never see it
    NdArray padding = NdArray.of(Shape.of(2, 6), 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0);
    AttentionMask mask = AttentionMask.causal().withKeyPadding(padding);
    Tensor changedStep2 = Tensor.concat(1,
        input.slice(1, 0, 2), Tensor.randn(Shape.of(2, 1, 16), DType.FLOAT64, perturb), input.slice(1, 3, 6));
    assertTrue(sameSteps(block.forward(input, mask), block.forward(changedStep2, mask), 3, 6));
    assertFalse(sameSteps(block.forward(input, AttentionMask.causal()), block.forward(changedStep2, AttentionMask.causal()), 3, 6));
  }

  @Test
  void aResidualBlockHalvesTheImage() {
    Random random = new Random(42);
    ConvOptions halve = ConvOptions.of(16, 32, 3).withStride(2).withPadding(1).withBias(false);
    Module block = Sequential.of(
        Residual.of(
            Sequential.of(Conv2d.create(halve, random), BatchNorm2d.create(32, DType.FLOAT64), Activation.relu(),
                Conv2d.create(ConvOptions.of(32, 32, 3).withPadding(ConvPadding.same()).withBias(false), random),
                BatchNorm2d.create(32, DType.FLOAT64)),
            Sequential.of(Conv2d.create(ConvOptions.of(16, 32, 1).withStride(2).withBias(false), random),  // shortcut
                BatchNorm2d.create(32, DType.FLOAT64))),
        Activation.relu());
    assertEquals(Shape.of(8, 32, 14, 14), block.forward(Tensor.randn(Shape.of(8, 16, 28, 28), DType.FLOAT64, random)).shape());
    assertEquals(List.of("0.body.0.weight", "0.body.1.weight", "0.body.1.bias", "0.body.3.weight", "0.body.4.weight",
        "0.body.4.bias", "0.shortcut.0.weight", "0.shortcut.1.weight", "0.shortcut.1.bias"),
        List.copyOf(block.namedParameters().keySet()));
  }

  @Test
  void aModelNamesItsParametersAndSummarizesItself() {
    Sequential model = model();
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
    assertTrue(model.summary().startsWith("Sequential (99 parameters)"), model.summary());
  }

  @Test
  void trainingWithTheTrainerAndByHandThenCheckpoints(@TempDir Path folder) {
    Dataset data = blobs();
    Sequential model = model();
    Dataset[] split = data.split(0.8, new Random(1));                // data: features [N, 2], labels [N]
    Optimizer adam = Optimizer.create(Adam.of(0.05), model.parameters());
    History history = Trainer.create(model, CrossEntropy.mean(), adam)
        .validateOn(split[1])
        .withMetrics(Metric.accuracy())
        .stopWhen(StoppingCriterion.maxEpochs(30), StoppingCriterion.noImprovement(5, 1e-4))
        .fit(DataLoader.shuffled(split[0], 16, 7));                  // batch size 16, shuffle seed 7
    double accuracy = history.last().metrics().get("accuracy");      // ≥ 0.95 on three separated blobs
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);

    long before = adam.stepCount();
    for (Batch batch : DataLoader.shuffled(split[0], 16, 7)) {
      Tensor loss = CrossEntropy.mean().apply(model.forward(batch.features()), batch.targets());
      loss.backward();
      adam.step();                                                   // updates parameters, drops their gradients
    }
    assertEquals(before + 15, adam.stepCount());

    Sequential sameArchitecture = Sequential.of(
        Linear.create(2, 16, new Random(9)), Activation.relu(), Linear.create(16, 3, new Random(9)));
    assertNotEquals(model.stateDict(), sameArchitecture.stateDict());
    Path file = folder.resolve("model.safetensors");
    Checkpoint.save(file, model);                                    // names as in namedParameters()
    Checkpoint.load(file, sameArchitecture);                         // checks names, shapes and dtypes first
    Checkpoint.save(folder.resolve("adam.safetensors"), adam);       // optimizer state, to resume training
    Checkpoint.load(folder.resolve("adam.safetensors"), adam);
    assertEquals(model.stateDict(), sameArchitecture.stateDict());
    assertEquals(before + 15, adam.stepCount());
  }
}
