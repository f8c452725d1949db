package dev.chainrule.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradOptions;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.BatchNorm1d;
import dev.chainrule.nn.layer.Dropout;
import dev.chainrule.nn.layer.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Checkpointed modules give the plain run's outputs and gradients bit for bit, and replay randomness. */
class CheckpointingTest {
  private static final DType F32 = DType.FLOAT32;

  /** An MLP of {@code depth} hidden layers of width 32, with dropout after each activation if p > 0. */
  private static Sequential mlp(int depth, double p) {
    Random random = new Random(3);
    List<Module> layers = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      layers.add(Linear.create(i == 0 ? 8 : 32, 32, F32, Init.xavierUniform(), random));
      layers.add(Activation.tanh());
      if (p > 0) {
        layers.add(Dropout.create(p, 100 + i));
      }
    }
    layers.add(Linear.create(32, 4, F32, Init.xavierUniform(), random));
    return Sequential.of(layers.toArray(new Module[0]));
  }

  private static Tensor input() {
    return Tensor.randn(Shape.of(16, 8), F32, new Random(5)).requiresGrad();
  }

  /** The loss's gradients with respect to the input, then each parameter, as float arrays. */
  private static List<float[]> gradients(Module model, UnaryOperator<Tensor> forward, Tensor x) {
    Tensor loss = forward.apply(x).square().mean();
    List<Tensor> targets = new ArrayList<>(List.of(x));
    model.parameters().forEach(p -> targets.add(p.tensor()));
    List<float[]> out = new ArrayList<>(List.of(loss.value().toFloatArray()));
    Autodiff.grad(loss, targets).asList().forEach(g -> out.add(g.value().toFloatArray()));
    return out;
  }

  private static void assertBitIdentical(List<float[]> expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), "loss, then the input's and each parameter's gradient: " + i);
    }
  }

  @Test
  void checkpointedMlpGivesThePlainGradientsBitForBit() {
    Sequential model = mlp(6, 0);
    Tensor x = input();
    List<float[]> plain = gradients(model, model::forward, x);
    assertBitIdentical(plain, gradients(model, t -> Checkpointing.checkpoint(model, t), x));
    for (int every = 1; every <= 7; every += 2) {
      Module checkpointed = Checkpointing.sequential(model, every);
      assertBitIdentical(plain, gradients(model, checkpointed::forward, x));
    }
  }

  @Test
  void dropoutInTrainingModeDrawsTheSameMasksWhenRecomputed() {
    Sequential plainModel = mlp(6, 0.3);
    Sequential sameSeeds = mlp(6, 0.3);
    Module checkpointed = Checkpointing.sequential(sameSeeds, 2);
    Tensor x = input();
    for (int step = 0; step < 3; step++) {
      List<float[]> plain = gradients(plainModel, plainModel::forward, x);
      assertBitIdentical(plain, gradients(sameSeeds, checkpointed::forward, x));
    }
    for (int i = 0; i < plainModel.layers().size(); i++) {
      if (plainModel.layers().get(i) instanceof Dropout d) {
        assertEquals(3, d.draws());
        assertEquals(3, ((Dropout) sameSeeds.layers().get(i)).draws(), "recomputing left the counters as found");
      }
    }
  }

  @Test
  void withoutTheReplayTheRecomputedMasksWouldDiffer() {
    Sequential model = mlp(2, 0.5);
    Tensor x = input();
    List<float[]> plain = gradients(model, model::forward, x);
    Sequential again = mlp(2, 0.5);
    List<float[]> bare = gradients(again, t -> Autodiff.checkpoint(again::forward, t), x);
    assertArrayEquals(plain.get(0), bare.get(0), "the forward pass itself is the same");
    assertFalse(Arrays.equals(plain.get(1), bare.get(1)), "the backward pass used other masks");
  }

  @Test
  void theModuleRunsOnceForwardAndOnceMoreInBackward() {
    Sequential mlp = mlp(2, 0);
    int[] calls = new int[1];
    Module counted = t -> {
      calls[0]++;
      return mlp.forward(t);
    };
    Tensor loss = Checkpointing.checkpoint(counted, input()).sum();
    assertEquals(1, calls[0]);
    loss.backward();
    assertEquals(2, calls[0]);
  }

  @Test
  void sequentialRecomputesEverySegmentButTheLast() {
    int[] calls = new int[5];
    List<Module> layers = new ArrayList<>();
    for (int i = 0; i < calls.length; i++) {
      int layer = i;
      layers.add(t -> {
        calls[layer]++;
        return t.tanh();
      });
    }
    Tensor loss = Checkpointing.sequential(Sequential.of(layers.toArray(new Module[0])), 2).forward(input()).sum();
    assertArrayEquals(new int[] {1, 1, 1, 1, 1}, calls);
    loss.backward();
    assertArrayEquals(new int[] {2, 2, 2, 2, 1}, calls);
  }

  @Test
  void theOutputKeepsNoIntermediateOfTheCheckpointedModule() {
    Sequential model = mlp(3, 0);
    Tensor out = Checkpointing.checkpoint(model, input());
    assertEquals(1 + model.parameters().size(), out.inputs().size(), "the input and the parameters, nothing else");
    assertTrue(out.inputs().stream().allMatch(Tensor::isLeaf));
  }

  @Test
  void theRecomputeRunsInTheModeAndWithTheBuffersOfTheForwardPass() {
    BatchNorm1d norm = BatchNorm1d.create(8, F32);
    Sequential model = Sequential.of(norm, Activation.tanh(), Dropout.create(0.5, 9));
    Tensor x = input();
    List<float[]> plain = gradients(model, model::forward, x);
    NdArray afterPlain = norm.namedBuffers().values().iterator().next().value();
    Sequential same = Sequential.of(BatchNorm1d.create(8, F32), Activation.tanh(), Dropout.create(0.5, 9));
    Tensor loss = Checkpointing.checkpoint(same, x).square().mean();
    NdArray afterForward = same.namedBuffers().values().iterator().next().value();
    List<Tensor> targets = new ArrayList<>(List.of(x));
    same.parameters().forEach(p -> targets.add(p.tensor()));
    List<Tensor> grads;
    try (ModeScope eval = Mode.eval()) {
      grads = Autodiff.grad(loss, targets).asList();
    }
    for (int i = 0; i < grads.size(); i++) {
      assertArrayEquals(plain.get(i + 1), grads.get(i).value().toFloatArray());
    }
    assertEquals(afterPlain, afterForward);
    assertEquals(afterForward, same.namedBuffers().values().iterator().next().value(), "running stats updated once");
  }

  @Test
  void sequentialKeepsTheModelsParameterNames() {
    Sequential model = mlp(2, 0.1);
    Module checkpointed = Checkpointing.sequential(model, 2);
    assertEquals(model.namedParameters(), checkpointed.namedParameters());
    assertTrue(checkpointed.toString().contains("every 2 layers"), checkpointed.toString());
  }

  @Test
  void underNoGradTheModuleRunsOnce() {
    int[] calls = new int[1];
    Module counted = t -> {
      calls[0]++;
      return t.exp();
    };
    try (GradScope off = Autodiff.noGrad()) {
      assertFalse(Checkpointing.checkpoint(counted, input()).isGradRequired());
    }
    assertEquals(1, calls[0]);
  }

  @Test
  void secondOrderThroughACheckpointIsRejectedNamingIt() {
    Sequential model = mlp(1, 0);
    Tensor x = input();
    Tensor loss = Checkpointing.checkpoint(model, x).square().sum();
    Tensor g = Autodiff.grad(loss, List.of(x), GradOptions.creatingGraph()).get(x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.sum().backward());
    assertTrue(e.getMessage().startsWith("checkpoint: "), e.getMessage());
  }

  @Test
  void badArgumentsAreRejectedInTheLibraryFormat() {
    Sequential model = mlp(1, 0);
    assertEquals("checkpoint: module is null",
        assertThrows(NullPointerException.class, () -> Checkpointing.checkpoint(null, input())).getMessage());
    assertEquals("checkpoint: input is null",
        assertThrows(NullPointerException.class, () -> Checkpointing.checkpoint(model, null)).getMessage());
    assertEquals("checkpointing.sequential: model is null",
        assertThrows(NullPointerException.class, () -> Checkpointing.sequential(null, 2)).getMessage());
    for (int every : new int[] {0, -3}) {
      assertEquals("checkpointing.sequential: every must be positive; got " + every,
          assertThrows(IllegalArgumentException.class, () -> Checkpointing.sequential(model, every)).getMessage());
    }
  }

  @Test
  void stepsWithDropoutStillDrawFreshMasks() {
    Sequential model = mlp(1, 0.5);
    Module checkpointed = Checkpointing.sequential(model, 1);
    Tensor x = input();
    float[] first = gradients(model, checkpointed::forward, x).get(0);
    float[] second = gradients(model, checkpointed::forward, x).get(0);
    assertNotEquals(first[0], second[0]);
  }
}
