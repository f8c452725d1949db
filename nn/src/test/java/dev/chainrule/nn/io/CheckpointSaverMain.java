package dev.chainrule.nn.io;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link KillDuringSaveTest}: saves training checkpoints to {@code args[0]} in an
 * endless loop until it is killed. At step {@code s} every model value and every momentum value is
 * {@code s}, and the optimizer's step count is {@code s}, so a reader can tell whether a file mixes
 * steps. It continues from the step already in the file, and prints {@code saved <step>} after each save.
 */
public final class CheckpointSaverMain {
  /** Width of the square linear layer: about 2 MiB of weights plus 2 MiB of momentum per file. */
  static final int WIDTH = 512;

  private CheckpointSaverMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    Linear model = model();
    Optimizer optimizer = optimizer(model);
    long step = Files.exists(file) ? TrainingCheckpoint.read(file).step() : 0;
    while (true) {
      step++;
      fill(model, optimizer, step);
      TrainingCheckpoint.capture(model, optimizer, null, step, Map.of()).save(file);
      System.out.println("saved " + step);
      System.out.flush();
    }
  }

  static Linear model() {
    return Linear.create(WIDTH, WIDTH, DType.FLOAT64, Init.zeros(), new Random(1));
  }

  static Optimizer optimizer(Linear model) {
    return Optimizer.create(Sgd.withMomentum(0.1, 0.9), model.parameters());
  }

  /** Every parameter, every slot and the step count set to {@code step}. */
  static void fill(Linear model, Optimizer optimizer, long step) {
    Map<String, NdArray> weights = new LinkedHashMap<>();
    model.stateDict().forEach((name, value) -> weights.put(name, NdArray.full(value.shape(), DType.FLOAT64, step)));
    model.loadStateDict(weights);
    Map<String, NdArray> state = new LinkedHashMap<>();
    optimizer.state().forEach((name, value) -> state.put(name,
        name.equals(Optimizer.LEARNING_RATE) ? value : NdArray.full(value.shape(), DType.FLOAT64, step)));
    optimizer.loadState(state);
  }
}
