package dev.chainrule.spark;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Buffers;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.ParameterSchema;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.train.Accumulation;
import dev.chainrule.nn.train.EpochRecord;
import dev.chainrule.nn.train.History;
import dev.chainrule.nn.train.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The driver's loop, the same for Spark and for the single-JVM reference: only {@link Workers} differ. */
final class Training {
  private final SparkTrainer.Builder config;
  private final Workers workers;
  private final Tasks.Settings settings;
  private final Module model;
  private final ParameterSchema schema;
  private final Optimizer optimizer;
  private final int stepsPerEpoch;
  private final long start = System.nanoTime();
  private long globalStep;

  private Training(SparkTrainer.Builder config, Workers workers) {
    this.config = config;
    this.workers = workers;
    int partitions = workers.partitions();
    checkArgument(config.globalBatch % partitions == 0,
        "spark: the global batch must be a multiple of the partitions; got batch %s for %s partitions",
        config.globalBatch, partitions);
    this.settings = new Tasks.Settings(config.model, config.loss, config.rule, config.metrics, config.globalBatch,
        partitions, config.seed);
    int slice = settings.slice();
    int fewest = Collections.min(workers.sizes());
    checkArgument(fewest >= slice,
        "spark: every partition needs at least one slice of %s examples (global batch %s over %s partitions); got"
            + " partition sizes %s", slice, config.globalBatch, partitions, workers.sizes());
    this.stepsPerEpoch = fewest / slice;
    this.model = config.model.create();
    this.schema = ParameterSchema.of(model);
    this.optimizer = Optimizer.create(config.rule.create(), model.parameters());
  }

  static Fitted run(SparkTrainer.Builder config, Workers train, Workers validation) {
    return new Training(config, train).loop(validation);
  }

  private Fitted loop(Workers validation) {
    List<EpochRecord> epochs = new ArrayList<>();
    Optional<String> stop = Optional.empty();
    for (int epoch = 1; stop.isEmpty(); epoch++) {
      if (config.schedule != null) {
        optimizer.setLearningRate(config.schedule.learningRate(epoch - 1));
      }
      double rate = optimizer.learningRate();
      long epochStart = System.nanoTime();
      double loss = config.strategy instanceof Strategy.ParameterAveraging averaging
          ? averagingEpoch(epoch, averaging.localSteps()) : synchronousEpoch(epoch);
      Evaluation scores = validation == null ? null : evaluate(validation);
      EpochRecord record = new EpochRecord(epoch, loss, scores == null ? Double.NaN : scores.loss(),
          scores == null ? Map.of() : scores.metrics(), rate,
          Duration.ofNanos(System.nanoTime() - epochStart), elapsed());
      epochs.add(record);
      config.listener.onEpochEnd(record);
      stop = interrupted() ? Optional.of("time limit reached") : config.stopping.stream()
          .map(c -> c.check(List.copyOf(epochs))).flatMap(Optional::stream).findFirst();
    }
    return new Fitted(model, new History(epochs, stop.get()));
  }

  /** One epoch of synchronous steps; returns the mean loss per example. */
  private double synchronousEpoch(int epoch) {
    double total = 0;
    for (int step = 0; step < stepsPerEpoch && !interrupted(); step++) {
      int s = step;
      long global = globalStep;
      Tasks.Settings settings = this.settings;
      List<Payload> results = decode(workers.run((shard, p, bytes) ->
          Tasks.gradient(settings, Payload.decode(bytes), shard, epoch, s, global, p).encode(), state(false)));
      List<Map<String, NdArray>> partials = new ArrayList<>();
      double loss = 0;
      List<Map<String, NdArray>> buffers = new ArrayList<>();
      for (int p = 0; p < results.size(); p++) {
        Map<String, NdArray> g = results.get(p).group(Payload.GRADIENTS);
        schema.check(g, "spark: the gradients of partition " + p);
        partials.add(g);
        loss += results.get(p).number("loss");
        buffers.add(results.get(p).group(Payload.BUFFERS));
      }
      Map<String, NdArray> summed = Accumulation.sum(partials); // in partition order
      optimizer.step(schema.names().stream().map(summed::get).toList());
      loadBuffers(buffers);
      total += loss;
      globalStep++;
      config.listener.onBatchEnd(epoch, step, stepsPerEpoch, loss / config.globalBatch, elapsed());
    }
    return total / ((double) stepsPerEpoch * config.globalBatch);
  }

  /** One epoch of rounds of local steps, each followed by averaging; returns the mean loss per example. */
  private double averagingEpoch(int epoch, int localSteps) {
    double total = 0;
    double count = 0;
    for (int first = 0; first < stepsPerEpoch && !interrupted(); first += localSteps) {
      int from = first;
      int steps = Math.min(localSteps, stepsPerEpoch - first);
      long global = globalStep;
      Tasks.Settings settings = this.settings;
      List<Payload> results = decode(workers.run((shard, p, bytes) ->
          Tasks.localSteps(settings, Payload.decode(bytes), shard, epoch, from, steps, global, p).encode(), state(true)));
      List<Map<String, NdArray>> parameters = new ArrayList<>();
      List<Map<String, NdArray>> buffers = new ArrayList<>();
      List<Map<String, NdArray>> optimizers = new ArrayList<>();
      double loss = 0;
      for (int p = 0; p < results.size(); p++) {
        Payload r = results.get(p);
        schema.check(r.group(Payload.PARAMETERS), "spark: the parameters of partition " + p);
        parameters.add(r.group(Payload.PARAMETERS));
        buffers.add(r.group(Payload.BUFFERS));
        optimizers.add(r.group(Payload.OPTIMIZER));
        loss += r.number("loss");
        count += r.number("count");
      }
      schema.load(model, Buffers.average(parameters));
      loadBuffers(buffers);
      optimizer.loadState(Buffers.average(optimizers));
      total += loss;
      globalStep += steps;
      config.listener.onBatchEnd(epoch, from / localSteps, (stepsPerEpoch + localSteps - 1) / localSteps,
          loss / (steps * (double) config.globalBatch), elapsed());
    }
    return total / count;
  }

  /** The validation loss per example and each metric's mean over the validation examples. */
  private Evaluation evaluate(Workers validation) {
    Tasks.Settings settings = this.settings;
    List<Payload> results = decode(validation.run((shard, p, bytes) ->
        Tasks.evaluate(settings, Payload.decode(bytes), shard).encode(), state(false)));
    double loss = 0;
    double count = 0;
    double[] metrics = new double[config.metrics.size()];
    for (Payload r : results) {
      loss += r.number("loss");
      count += r.number("count");
      for (int m = 0; m < metrics.length; m++) {
        metrics[m] += r.number("metric" + m);
      }
    }
    Map<String, Double> named = new LinkedHashMap<>();
    for (int m = 0; m < metrics.length; m++) {
      Metric metric = config.metrics.get(m).create();
      named.put(metric.name(), metrics[m] / count);
    }
    return new Evaluation(loss / count, named);
  }

  private record Evaluation(double loss, Map<String, Double> metrics) {}

  /** The bytes the tasks start from: parameters and buffers, and the optimizer's state for local steps. */
  private byte[] state(boolean withOptimizer) {
    Payload state = Payload.empty().with(Payload.PARAMETERS, ParameterSchema.values(model))
        .with(Payload.BUFFERS, Buffers.values(model));
    return (withOptimizer ? state.with(Payload.OPTIMIZER, optimizer.state()) : state).encode();
  }

  private void loadBuffers(List<Map<String, NdArray>> replicas) {
    if (!replicas.isEmpty() && !replicas.get(0).isEmpty()) {
      Buffers.load(model, Buffers.average(replicas));
    }
  }

  private static List<Payload> decode(List<byte[]> results) {
    return results.stream().map(Payload::decode).toList();
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private boolean interrupted() {
    Duration elapsed = elapsed();
    return config.stopping.stream().anyMatch(c -> c.interrupts(elapsed));
  }
}
