package dev.chainrule.bench;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.Checkpointing;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * Activation checkpointing on a deep MLP: {@code layers} blocks of Linear(width, width) + ReLU in float32 on
 * a batch of {@code batch} rows, loss the mean square of the output, trained plainly and with
 * {@code Checkpointing.sequential(model, every)}.
 *
 * <p>For each variant it prints the live heap after the forward pass (a full collection first, so only
 * what the graph keeps and the model's arrays count), the same before the forward pass, their difference
 * (the activations kept for backward), and the wall time of a forward plus backward step (no collection
 * inside the timed steps; median of {@code steps}). The smallest heap a step runs in is found outside,
 * by running one variant at a time ({@code plain} or {@code checkpointed}) under decreasing {@code -Xmx}.
 *
 * <p>Usage: {@code CheckpointingBenchmark [both|plain|checkpointed] [steps] [layers] [width] [batch] [every]},
 * defaults {@code both 5 32 1024 256 4}.
 */
public final class CheckpointingBenchmark {
  private CheckpointingBenchmark() {}

  /**
   * Runs the variants and prints one line each.
   *
   * @param args the variant, steps, layers, width, batch and segment length, all optional
   */
  public static void main(String[] args) {
    String variant = args.length > 0 ? args[0] : "both";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int layers = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int width = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 256;
    int every = args.length > 5 ? Integer.parseInt(args[5]) : 4;
    Random random = new Random(42);
    Module[] blocks = new Module[layers];
    for (int i = 0; i < layers; i++) {
      blocks[i] = Sequential.of(Linear.create(width, width, DType.FLOAT32, Init.heNormal(), random), Activation.relu());
    }
    Sequential model = Sequential.of(blocks);
    Tensor x = Tensor.of(NdArray.uniform(Shape.of(batch, width), DType.FLOAT32, -1, 1, random));
    String shape = String.format(Locale.ROOT, "layers=%d width=%d batch=%d", layers, width, batch);
    if (!variant.equals("checkpointed")) {
      measure("plain " + shape, model, model, x, steps);
    }
    if (!variant.equals("plain")) {
      measure("checkpointed every=" + every + " " + shape, model, Checkpointing.sequential(model, every), x, steps);
    }
  }

  private static void measure(String label, Module model, Module variant, Tensor x, int steps) {
    step(model, variant, x); // warm-up: compiles the kernels
    step(model, variant, x);
    double before = liveMegabytes();
    Tensor loss = variant.forward(x).square().mean();
    double afterForward = liveMegabytes();
    loss.backward();
    model.zeroGrad();
    loss = null;
    double[] times = new double[steps];
    for (int i = 0; i < steps; i++) {
      long start = System.nanoTime();
      step(model, variant, x);
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    System.out.printf(
        Locale.ROOT, "chainrule checkpointing %s live_before_mb=%.1f live_after_forward_mb=%.1f kept_mb=%.1f"
            + " step_ms %s%n", label, before, afterForward, afterForward - before, new Timings(times).summary());
  }

  private static void step(Module model, Module variant, Tensor x) {
    variant.forward(x).square().mean().backward();
    model.zeroGrad();
  }

  /** The heap in use after a full collection, in MB. */
  private static double liveMegabytes() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed() / 1e6;
  }
}
