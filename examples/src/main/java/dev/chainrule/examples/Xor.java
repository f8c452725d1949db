package dev.chainrule.examples;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Init;
import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.layer.Activation;
import dev.chainrule.nn.layer.Linear;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Exclusive-or learned by backpropagation in the setting of Rumelhart, Hinton &amp; Williams (1986),
 * "Learning representations by back-propagating errors" (Nature 323) and "Learning internal
 * representations by error propagation" (PDP vol. 1, ch. 8): two inputs, two hidden and one output sigmoid
 * unit, all with biases; weights and biases drawn uniformly from {@code [-0.5, 0.5)}; one sweep is a
 * full-batch step on all four patterns of {@code E = ½ Σ (t - o)²} with the momentum rule, ε 0.5 and
 * α 0.9.
 *
 * <p>XOR counts as solved when every output is within 0.1 of its target (below 0.1 for 0, above 0.9 for
 * 1); the outputs cross 0.5 some 30 sweeps earlier. A 2-2-1 network has local minima, so some seeds never
 * get there; those are reported as stuck at the sweep cap.
 */
public final class Xor {
  private static final NdArray INPUTS = NdArray.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  private static final NdArray TARGETS = NdArray.of(new double[][] {{0}, {1}, {1}, {0}});
  private static final double LEARNING_RATE = 0.5;
  private static final double MOMENTUM = 0.9;
  private static final double INIT_RANGE = 0.5;
  private static final double TOLERANCE = 0.1;
  private static final Loss ERROR = MeanSquaredError.halfSum();

  private Xor() {}

  /**
   * One training run.
   *
   * @param seed the seed of the initial weights
   * @param solved whether every output came within 0.1 of its target within the cap
   * @param sweeps sweeps taken until solved, or the cap when not solved
   * @param error E at the end
   * @param outputs the four outputs at the end, shape {@code [4, 1]}, for inputs 00, 01, 10, 11
   */
  public record Run(long seed, boolean solved, int sweeps, double error, NdArray outputs) {}

  /**
   * Runs over several seeds and their statistics, over the solved runs only.
   *
   * @param runs one per seed
   * @param sweepCap the most sweeps a run may take
   * @param solvedCount how many runs solved XOR
   * @param meanSweeps mean sweeps of the solved runs (NaN when none solved)
   * @param medianSweeps median sweeps of the solved runs (NaN when none solved)
   * @param minSweeps fewest sweeps of a solved run (0 when none solved)
   * @param maxSweeps most sweeps of a solved run (0 when none solved)
   */
  public record Result(List<Run> runs, int sweepCap, int solvedCount, double meanSweeps, double medianSweeps,
      int minSweeps, int maxSweeps) {
    /** Copies the runs. */
    public Result {
      runs = List.copyOf(runs);
    }
  }

  /** The 2-2-1 sigmoid network, every weight and bias uniform in {@code [-0.5, 0.5)}. */
  static Sequential network(Random random) {
    Sequential network = Sequential.of(
        Linear.create(2, 2, DType.FLOAT64, Init.zeros(), random), Activation.sigmoid(),
        Linear.create(2, 1, DType.FLOAT64, Init.zeros(), random), Activation.sigmoid());
    Map<String, NdArray> initial = new LinkedHashMap<>();
    network.namedParameters().forEach((name, p) ->
        initial.put(name, NdArray.uniform(p.shape(), p.dtype(), -INIT_RANGE, INIT_RANGE, random)));
    network.loadStateDict(initial);
    return network;
  }

  /** Trains from the weights drawn with {@code seed} until solved or {@code sweepCap} sweeps. */
  public static Run train(long seed, int sweepCap) {
    Sequential network = network(new Random(seed));
    Optimizer optimizer = Optimizer.create(Sgd.withMomentum(LEARNING_RATE, MOMENTUM), network.parameters());
    for (int sweep = 0; ; sweep++) {
      Tensor outputs = network.forward(Tensor.of(INPUTS));
      Tensor error = ERROR.apply(outputs, Tensor.of(TARGETS));
      boolean solved = outputs.sub(Tensor.of(TARGETS)).abs().max().item() < TOLERANCE;
      if (solved || sweep == sweepCap) {
        return new Run(seed, solved, sweep, error.item(), outputs.value());
      }
      error.backward();
      optimizer.step();
    }
  }

  /** Trains once per seed {@code 1..seeds} and summarises the sweeps of the solved runs. */
  public static Result run(int seeds, int sweepCap) {
    List<Run> runs = new ArrayList<>();
    List<Integer> solvedSweeps = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      Run r = train(seed, sweepCap);
      runs.add(r);
      if (r.solved()) {
        solvedSweeps.add(r.sweeps());
      }
    }
    solvedSweeps.sort(null);
    int n = solvedSweeps.size();
    double mean = solvedSweeps.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    double median = n == 0 ? Double.NaN : (solvedSweeps.get((n - 1) / 2) + solvedSweeps.get(n / 2)) / 2.0;
    int min = n == 0 ? 0 : solvedSweeps.get(0);
    int max = n == 0 ? 0 : solvedSweeps.get(n - 1);
    return new Result(runs, sweepCap, n, mean, median, min, max);
  }

  /** Prints each seed's run and the statistics. */
  public static void main(String[] args) {
    Result r = run(10, 5000);
    System.out.printf("XOR, 2-2-1 sigmoid, momentum (ε %.1f, α %.1f), full batch;"
        + " solved = every output within %.1f of its target%n", LEARNING_RATE, MOMENTUM, TOLERANCE);
    for (Run run : r.runs()) {
      double[] o = run.outputs().toDoubleArray();
      System.out.printf("seed %2d: %-6s after %5d sweeps, E = %.4f, outputs %.3f %.3f %.3f %.3f%n", run.seed(),
          run.solved() ? "solved" : "STUCK", run.sweeps(), run.error(), o[0], o[1], o[2], o[3]);
    }
    System.out.printf("%d of %d seeds solved within %d sweeps; their sweeps: mean %.1f, median %.1f, min %d, max %d%n",
        r.solvedCount(), r.runs().size(), r.sweepCap(), r.meanSweeps(), r.medianSweeps(), r.minSweeps(), r.maxSweeps());
  }
}
