package dev.chainrule.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.io.TrainingCheckpoint;
import dev.chainrule.nn.optim.ReduceOnPlateau;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link Trainer} itself keeps between epochs, as the extra arrays of a training checkpoint:
 * the epoch records (which stopping criteria read) as float64 columns {@code history.<field>} and
 * {@code history.metric.<name>}, and the plateau reduction's state as {@code plateau.<key>}.
 */
final class ResumeState {
  private static final String SCHEDULE = "learningRateSchedule";

  /** The history of the run to resume, and how far its unfinished epoch had got (null if none). */
  record Resumed(List<EpochRecord> history, Trainer.EpochProgress partial) {}

  /** What checkpoints record of a trainer's configuration, for {@link #resume} to compare. */
  static Map<String, String> settings(TrainingPlan plan) {
    return Map.of(SCHEDULE, plan.schedule() == null ? "none" : plan.schedule().description());
  }

  /** Restores everything from {@code plan}'s checkpoint to resume, if any; the history and epoch progress it held. */
  static Resumed resume(TrainingPlan plan, DataLoader data) {
    TrainingPlan.Checkpointing c = plan.checkpointing();
    if (c.resume() == null || (!c.resumeRequired() && !Files.exists(c.resume()))) {
      return new Resumed(List.of(), null);
    }
    TrainingCheckpoint saved = TrainingCheckpoint.read(c.resume());
    String savedSchedule = saved.settings().get(SCHEDULE); // absent from files written before it was stored
    String schedule = settings(plan).get(SCHEDULE);
    checkArgument(savedSchedule == null || savedSchedule.equals(schedule),
        "resumeFrom: %s: the learning-rate schedule differs from the one the checkpoint was written with; got %s,"
            + " saved %s", c.resume(), schedule, savedSchedule);
    Trainer.EpochProgress partial = progress(saved.extra(), data.batchCount(), c.resume());
    checkArgument((saved.epoch() > 0 || partial != null) && saved.epoch() < Integer.MAX_VALUE,
        "resumeFrom: %s: the checkpoint must be after a completed epoch or step; got epoch %s", c.resume(), saved.epoch());
    List<EpochRecord> history = history(saved.extra(), saved.epoch(), c.resume());
    Map<String, NdArray> plateauState = plateau(saved.extra());
    ReduceOnPlateau plateau = plan.plateau();
    checkArgument(plateauState.isEmpty() == (plateau == null),
        "resumeFrom: %s: the checkpoint was saved %s a plateau reduction but this trainer has %s",
        c.resume(), plateauState.isEmpty() ? "without" : "with", plateau == null ? "none" : "one");
    Map<String, NdArray> plateauBefore = plateau == null ? null : plateau.state();
    if (plateau != null) {
      plateau.loadState(plateauState); // checks first
    }
    try {
      saved.restore(plan.model(), plan.optimizer(), data);
    } catch (RuntimeException e) {
      if (plateau != null) {
        plateau.loadState(plateauBefore);
      }
      throw e;
    }
    if (partial != null) {
      data.restoreDraws(data.draws() - 1); // the unfinished epoch is drawn again, in the same order
    }
    return new Resumed(history, partial);
  }

  private static final String HISTORY = "history.";
  private static final String METRIC = HISTORY + "metric.";
  private static final String PLATEAU = "plateau.";
  private static final String PROGRESS = "epochProgress";
  private static final List<String> COLUMNS =
      List.of("epoch", "trainLoss", "validationLoss", "learningRate", "durationNanos", "elapsedNanos");

  private ResumeState() {}

  static Map<String, NdArray> encode(List<EpochRecord> epochs, ReduceOnPlateau plateau, Trainer.EpochProgress progress) {
    int n = epochs.size();
    Map<String, double[]> columns = new LinkedHashMap<>();
    for (String c : COLUMNS) {
      columns.put(HISTORY + c, new double[n]);
    }
    for (int i = 0; i < n; i++) {
      EpochRecord r = epochs.get(i);
      columns.get(HISTORY + "epoch")[i] = r.epoch();
      columns.get(HISTORY + "trainLoss")[i] = r.trainLoss();
      columns.get(HISTORY + "validationLoss")[i] = r.validationLoss();
      columns.get(HISTORY + "learningRate")[i] = r.learningRate();
      columns.get(HISTORY + "durationNanos")[i] = r.duration().toNanos();
      columns.get(HISTORY + "elapsedNanos")[i] = r.elapsed().toNanos();
      for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
        columns.computeIfAbsent(METRIC + m.getKey(), k -> new double[n])[i] = m.getValue();
      }
    }
    Map<String, NdArray> out = new LinkedHashMap<>();
    columns.forEach((name, values) -> out.put(name, NdArray.of(Shape.of(n), values)));
    if (plateau != null) {
      plateau.state().forEach((k, v) -> out.put(PLATEAU + k, v));
    }
    if (progress != null) {
      out.put(PROGRESS, NdArray.of(progress.batches(), progress.total(), progress.examples()));
    }
    return out;
  }

  /** The epoch records stored in {@code extra}; there must be {@code epochs} of them. */
  static List<EpochRecord> history(Map<String, NdArray> extra, long epochs, Path file) {
    Map<String, double[]> columns = new LinkedHashMap<>();
    Map<String, double[]> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, NdArray> e : extra.entrySet()) {
      if (!e.getKey().startsWith(HISTORY)) {
        continue;
      }
      NdArray a = e.getValue();
      checkArgument(a.shape().equals(Shape.of((int) Math.min(epochs, Integer.MAX_VALUE))),
          "resumeFrom: %s: %s must have shape [%s], one value per completed epoch; got %s", file, e.getKey(), epochs, a.shape());
      if (e.getKey().startsWith(METRIC)) {
        metrics.put(e.getKey().substring(METRIC.length()), a.toDoubleArray());
      } else {
        columns.put(e.getKey().substring(HISTORY.length()), a.toDoubleArray());
      }
    }
    checkArgument(columns.keySet().equals(new java.util.HashSet<>(COLUMNS)),
        "resumeFrom: %s: the history must have columns %s; got %s", file, COLUMNS, columns.keySet());
    List<EpochRecord> out = new ArrayList<>();
    for (int i = 0; i < epochs; i++) {
      checkArgument(columns.get("epoch")[i] == i + 1,
          "resumeFrom: %s: history epoch %s must be numbered %s; got %s", file, i, i + 1, columns.get("epoch")[i]);
      Map<String, Double> m = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : metrics.entrySet()) {
        m.put(e.getKey(), e.getValue()[i]);
      }
      out.add(new EpochRecord(i + 1, columns.get("trainLoss")[i], columns.get("validationLoss")[i], m,
          columns.get("learningRate")[i], Duration.ofNanos((long) columns.get("durationNanos")[i]),
          Duration.ofNanos((long) columns.get("elapsedNanos")[i])));
    }
    return out;
  }

  /** The plateau state stored in {@code extra}, without its prefix; empty when none was saved. */
  static Map<String, NdArray> plateau(Map<String, NdArray> extra) {
    Map<String, NdArray> out = new LinkedHashMap<>();
    extra.forEach((k, v) -> {
      if (k.startsWith(PLATEAU)) {
        out.put(k.substring(PLATEAU.length()), v);
      }
    });
    return out;
  }

  /**
   * How far the unfinished epoch had got, or null when the checkpoint is at an epoch boundary: batches
   * done (in [1, batchCount]), the running loss sum and the example count.
   */
  static Trainer.EpochProgress progress(Map<String, NdArray> extra, int batchCount, Path file) {
    NdArray p = extra.get(PROGRESS);
    if (p == null) {
      return null;
    }
    checkArgument(p.shape().equals(Shape.of(3)), "resumeFrom: %s: %s must have shape [3]; got %s", file, PROGRESS, p.shape());
    double batches = p.getFlat(0);
    double examples = p.getFlat(2);
    checkArgument(batches >= 1 && batches <= batchCount && batches == Math.rint(batches)
            && examples >= 0 && examples <= Integer.MAX_VALUE && examples == Math.rint(examples),
        "resumeFrom: %s: %s must hold a batch count in [1, %s] and an example count; got %s", file, PROGRESS, batchCount, p);
    return new Trainer.EpochProgress((int) batches, p.getFlat(1), (int) examples);
  }
}
