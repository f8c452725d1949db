package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.GradScope;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Buffers;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.ModeScope;
import dev.chainrule.nn.Mode;
import dev.chainrule.nn.Parameter;
import dev.chainrule.nn.ParameterSchema;
import dev.chainrule.nn.Stochastic;
import dev.chainrule.nn.data.Dataset;
import dev.chainrule.nn.loss.Loss;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.UpdateRule;
import dev.chainrule.nn.train.Accumulation;
import dev.chainrule.nn.train.Metric;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The work of one task on one partition's examples, as pure functions of the settings, the state the
 * driver sent and the partition: the Spark tasks and the single-JVM reference run exactly this code, which
 * is why their results agree bit for bit.
 */
final class Tasks {
  /** Examples per evaluation batch. */
  private static final int EVALUATION_BATCH = 1024;

  private Tasks() {}

  /**
   * What every task needs: recipes and numbers only.
   *
   * @param model builds the model
   * @param loss builds the loss, summed over examples
   * @param rule builds the update rule
   * @param metrics build the validation metrics
   * @param globalBatch examples per step over all partitions
   * @param partitions the number of partitions
   * @param seed the seed of the example order and of dropout
   */
  record Settings(Factory<Module> model, Factory<Loss> loss, Factory<UpdateRule> rule, List<Factory<Metric>> metrics,
      int globalBatch, int partitions, long seed) implements Serializable {
    Settings {
      metrics = List.copyOf(metrics);
    }

    /** Examples per step on one partition. */
    int slice() {
      return globalBatch / partitions;
    }
  }

  /** A model from the recipe with the state's parameters and buffers, and its dropout at draw {@code draw}. */
  static Module model(Settings settings, Payload state, long draw) {
    Module model = settings.model().create();
    ParameterSchema.of(model).load(model, state.group(Payload.PARAMETERS)); // checked against the schema first
    Buffers.load(model, state.group(Payload.BUFFERS));
    for (Module m : modules(model)) {
      if (m instanceof Stochastic s) {
        s.restoreDraws(draw);
      }
    }
    return model;
  }

  /** The model and every module inside it, without recursion. */
  static List<Module> modules(Module model) {
    List<Module> all = new ArrayList<>();
    Deque<Module> todo = new ArrayDeque<>(List.of(model));
    while (!todo.isEmpty()) {
      Module m = todo.pop();
      all.add(m);
      todo.addAll(m.children().values());
    }
    return all;
  }

  /** The order of a partition's examples in {@code epoch}: a permutation seeded by the seed, epoch and partition. */
  static int[] order(Settings settings, int size, int epoch, int partition) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Random random = Stochastic.stream(settings.seed(), (long) epoch * settings.partitions() + partition);
    for (int i = size - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Examples {@code [from, from + count)} of the epoch's order, as tensors of the model's dtype. */
  static Tensor[] batch(Dataset shard, int[] order, int from, int count, DType dtype) {
    Dataset selected = shard.select(java.util.Arrays.copyOfRange(order, from, from + count));
    return new Tensor[] {Tensor.of(selected.features().to(dtype)), Tensor.of(selected.targets().to(dtype))};
  }

  /**
   * Synchronous mode: the gradient of slice {@code step} of this partition in {@code epoch}, its summed loss
   * divided by the global batch; with the buffers after its forward pass and the summed loss.
   */
  static Payload gradient(Settings settings, Payload state, Dataset shard, int epoch, int step, long globalStep,
      int partition) {
    Module model = model(settings, state, globalStep * settings.partitions() + partition);
    int[] order = order(settings, shard.size(), epoch, partition);
    Tensor[] xy = batch(shard, order, step * settings.slice(), settings.slice(), dtype(model));
    Map<String, NdArray> grads;
    double loss;
    try (ModeScope train = Mode.train()) {
      Tensor summed = settings.loss().create().apply(model.forward(xy[0]), xy[1]);
      loss = summed.item();
      summed.mul(1.0 / settings.globalBatch()).backward();
      grads = Accumulation.gradients(model);
    }
    return Payload.empty().with(Payload.GRADIENTS, grads).with(Payload.BUFFERS, Buffers.values(model))
        .with(Payload.NUMBERS, Map.of("loss", NdArray.scalar(loss)));
  }

  /**
   * Parameter averaging: {@code steps} optimizer steps of this partition's own, from the state's parameters,
   * buffers and optimizer state, on slices {@code firstStep…} of {@code epoch} (mean loss over each slice).
   */
  static Payload localSteps(Settings settings, Payload state, Dataset shard, int epoch, int firstStep, int steps,
      long firstGlobalStep, int partition) {
    Module model = model(settings, state, firstGlobalStep * settings.partitions() + partition);
    Optimizer optimizer = Optimizer.create(settings.rule().create(), model.parameters());
    optimizer.loadState(state.group(Payload.OPTIMIZER));
    int[] order = order(settings, shard.size(), epoch, partition);
    Loss loss = settings.loss().create();
    double total = 0;
    try (ModeScope train = Mode.train()) {
      for (int s = 0; s < steps; s++) {
        Tensor[] xy = batch(shard, order, (firstStep + s) * settings.slice(), settings.slice(), dtype(model));
        optimizer.zeroGrad();
        Tensor summed = loss.apply(model.forward(xy[0]), xy[1]);
        total += summed.item();
        summed.mul(1.0 / settings.slice()).backward();
        optimizer.step();
      }
    }
    return Payload.empty().with(Payload.PARAMETERS, ParameterSchema.values(model))
        .with(Payload.BUFFERS, Buffers.values(model)).with(Payload.OPTIMIZER, optimizer.state())
        .with(Payload.NUMBERS, Map.of("loss", NdArray.scalar(total), "count", NdArray.scalar(steps * settings.slice())));
  }

  /** The summed loss, the example count and each metric summed over this partition's examples, in eval mode. */
  static Payload evaluate(Settings settings, Payload state, Dataset shard) {
    Module model = model(settings, state, 0);
    Loss loss = settings.loss().create();
    List<Metric> metrics = settings.metrics().stream().map(Factory::create).toList();
    Map<String, NdArray> sums = new LinkedHashMap<>();
    double lossSum = 0;
    double[] metricSums = new double[metrics.size()];
    try (ModeScope eval = Mode.eval(); GradScope off = Autodiff.noGrad()) {
      for (int from = 0; from < shard.size(); from += EVALUATION_BATCH) {
        int to = Math.min(shard.size(), from + EVALUATION_BATCH);
        Dataset part = shard.range(from, to);
        Tensor prediction = model.forward(Tensor.of(part.features().to(dtype(model))));
        Tensor targets = Tensor.of(part.targets().to(dtype(model)));
        lossSum += loss.apply(prediction, targets).item();
        for (int m = 0; m < metrics.size(); m++) {
          metricSums[m] += metrics.get(m).compute(prediction, targets) * (to - from);
        }
      }
    }
    sums.put("loss", NdArray.scalar(lossSum));
    sums.put("count", NdArray.scalar(shard.size()));
    for (int m = 0; m < metrics.size(); m++) {
      sums.put("metric" + m, NdArray.scalar(metricSums[m]));
    }
    return Payload.empty().with(Payload.NUMBERS, sums);
  }

  /** The dtype of the model's parameters. */
  static DType dtype(Module model) {
    List<Parameter> parameters = model.parameters();
    checkArgument(!parameters.isEmpty(), "spark: the model has no parameters to train");
    return parameters.get(0).dtype();
  }
}
