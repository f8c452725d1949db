package dev.chainrule.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Hooked;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.Stochastic;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything needed to resume training bit-identically, saved as one safetensors file in one atomic
 * write: the model's state dict, the optimizer's state, the epoch and step counters, the position of
 * every random sequence (the data loader's shuffling, each {@link Stochastic} module such as dropout),
 * and any extra arrays the training loop keeps (the {@code Trainer} stores its history and plateau
 * state there). Because it is one file replaced atomically, a crash can never leave the weights of one
 * step beside the optimizer moments of another.
 *
 * <p>File layout: tensors {@code model.<name>} (the state dict), {@code optimizer.<key>} (its
 * {@link Optimizer#state()}) and {@code extra.<key>}; metadata {@code format} (= {@link #FORMAT}),
 * {@code epoch}, {@code step} (equal to the optimizer's {@code stepCount}, checked on read),
 * {@code rng.loader} (epochs the loader has started, with {@code loader.batchSize} and
 * {@code loader.examples}, checked on restore) and {@code rng.model} or {@code rng.model.<path>}
 * (draws of each stochastic module, by its dotted path in the model). {@code loader.shuffleSeed} holds
 * the loader's {@link DataLoader#shuffleSeed} (or {@code none}), and restoring with a loader of another
 * seed is refused; {@code setting.<key>} holds the caller's {@link #settings} (the {@code Trainer} stores
 * its learning-rate schedule's description there). Files written before these two existed lack them and
 * still load; their seed and settings are then not checked. The learning-rate schedule's position is the
 * epoch counter plus the optimizer's saved learning rate.
 *
 * <pre>{@code
 * TrainingCheckpoint.capture(model, optimizer, loader, epoch, Map.of()).save(file);
 * // ... later, in a fresh process with freshly built objects:
 * TrainingCheckpoint saved = TrainingCheckpoint.read(file);
 * saved.restore(model, optimizer, loader);           // continues at epoch saved.epoch() + 1
 * }</pre>
 */
public final class TrainingCheckpoint {
  /** The {@code format} metadata of these files. */
  public static final String FORMAT = "chainrule training checkpoint 1";

  private static final String MODEL = "model.";
  private static final String OPTIMIZER = "optimizer.";
  private static final String EXTRA = "extra.";
  private static final String RNG_LOADER = "rng.loader";
  private static final String RNG_MODEL = "rng.model";
  private static final String LOADER_BATCH = "loader.batchSize";
  private static final String LOADER_EXAMPLES = "loader.examples";
  private static final String LOADER_SEED = "loader.shuffleSeed";
  private static final String SETTING = "setting.";
  private static final String NO_SHUFFLING = "none";

  private final Map<String, NdArray> model;
  private final Map<String, NdArray> optimizer;
  private final Map<String, NdArray> extra;
  private final long epoch;
  private final long step;
  private final Long loaderDraws; // null when saved without a loader
  private final long[] loaderShape; // {batch size, examples}; null when saved without a loader
  private final Map<String, Long> moduleDraws;
  private final String loaderSeed; // the seed in decimal or NO_SHUFFLING; null when not saved
  private final Map<String, String> settings;
  private final Path source; // the file read, for messages

  private TrainingCheckpoint(
      Path source, Map<String, NdArray> model, Map<String, NdArray> optimizer, Map<String, NdArray> extra,
      long epoch, long step, Long loaderDraws, long[] loaderShape, Map<String, Long> moduleDraws, String loaderSeed,
      Map<String, String> settings) {
    this.source = source;
    this.model = ImmutableMap.copyOf(model);
    this.optimizer = ImmutableMap.copyOf(optimizer);
    this.extra = ImmutableMap.copyOf(extra);
    this.epoch = epoch;
    this.step = step;
    this.loaderDraws = loaderDraws;
    this.loaderShape = loaderShape;
    this.moduleDraws = ImmutableMap.copyOf(moduleDraws);
    this.loaderSeed = loaderSeed;
    this.settings = ImmutableMap.copyOf(settings);
  }

  /**
   * A snapshot of the training state now: copies of the (immutable) arrays and the counters.
   *
   * @param model the model being trained
   * @param optimizer its optimizer
   * @param loader the training data loader, or null when there is none to resume
   * @param epoch the number of completed epochs
   * @param extra further arrays to keep (names must be valid safetensors names)
   * @return the snapshot
   */
  public static TrainingCheckpoint capture(
      Module model, Optimizer optimizer, DataLoader loader, long epoch, Map<String, NdArray> extra) {
    return capture(model, optimizer, loader, epoch, extra, Map.of());
  }

  /**
   * As {@link #capture(Module, Optimizer, DataLoader, long, Map)}, also keeping {@code settings}: text
   * describing how the run is configured, which the one resuming it can compare with its own.
   *
   * @param model the model
   * @param optimizer its optimizer
   * @param loader the training data loader, or null when there is none to resume
   * @param epoch the number of completed epochs
   * @param extra further arrays to keep (names must be valid safetensors names)
   * @param settings configuration text by key, returned by {@link #settings} after {@link #read}
   * @return the snapshot
   */
  public static TrainingCheckpoint capture(Module model, Optimizer optimizer, DataLoader loader, long epoch,
      Map<String, NdArray> extra, Map<String, String> settings) {
    checkArgument(epoch >= 0, "trainingCheckpoint: epoch must not be negative; got %s", epoch);
    Map<String, Long> draws = new LinkedHashMap<>();
    stochasticModules(model).forEach((path, module) -> draws.put(path, module.draws()));
    return new TrainingCheckpoint(Path.of("captured-state"), model.stateDict(), optimizer.state(), extra, epoch,
        optimizer.stepCount(), loader == null ? null : loader.draws(),
        loader == null ? null : new long[] {loader.batchSize(), loader.dataset().size()}, draws,
        loader == null ? null : shuffleSeed(loader), settings);
  }

  /**
   * Writes everything to {@code file} in one atomic replacement (see {@link SafeTensors#write}).
   *
   * @param file the file to write
   */
  public void save(Path file) {
    Map<String, NdArray> tensors = new LinkedHashMap<>();
    model.forEach((k, v) -> tensors.put(MODEL + k, v));
    optimizer.forEach((k, v) -> tensors.put(OPTIMIZER + k, v));
    extra.forEach((k, v) -> tensors.put(EXTRA + k, v));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("epoch", Long.toString(epoch));
    metadata.put("step", Long.toString(step));
    if (loaderDraws != null) {
      metadata.put(RNG_LOADER, Long.toString(loaderDraws));
      metadata.put(LOADER_BATCH, Long.toString(loaderShape[0]));
      metadata.put(LOADER_EXAMPLES, Long.toString(loaderShape[1]));
    }
    if (loaderSeed != null) {
      metadata.put(LOADER_SEED, loaderSeed);
    }
    settings.forEach((key, text) -> metadata.put(SETTING + key, text));
    moduleDraws.forEach((path, n) -> metadata.put(moduleKey(path), Long.toString(n)));
    SafeTensors.write(file, tensors, metadata);
  }

  /**
   * Reads and checks a checkpoint: a valid safetensors file of this {@link #FORMAT}, with counters that
   * are non-negative integers and a {@code step} equal to the optimizer state's {@code stepCount}.
   *
   * @param file a file written by {@link #save}
   * @return the checkpoint
   * @throws SafeTensorsException if the file is invalid or inconsistent
   */
  public static TrainingCheckpoint read(Path file) {
    SafeTensors.Contents contents = SafeTensors.read(file);
    Map<String, String> metadata = contents.metadata();
    String format = metadata.get("format");
    if (!FORMAT.equals(format)) {
      throw fail(file, "not a training checkpoint: metadata format must be \"" + FORMAT + "\"; got "
          + (format == null ? "none" : SafeTensorsException.quote(format)));
    }
    Map<String, NdArray> model = new LinkedHashMap<>();
    Map<String, NdArray> optimizer = new LinkedHashMap<>();
    Map<String, NdArray> extra = new LinkedHashMap<>();
    for (Map.Entry<String, NdArray> entry : contents.tensors().entrySet()) {
      String name = entry.getKey();
      if (name.startsWith(MODEL)) {
        model.put(name.substring(MODEL.length()), entry.getValue());
      } else if (name.startsWith(OPTIMIZER)) {
        optimizer.put(name.substring(OPTIMIZER.length()), entry.getValue());
      } else if (name.startsWith(EXTRA)) {
        extra.put(name.substring(EXTRA.length()), entry.getValue());
      } else {
        throw fail(file, "tensor " + SafeTensorsException.quote(name) + " is not under model., optimizer. or extra.");
      }
    }
    long epoch = counter(file, metadata, "epoch");
    long step = counter(file, metadata, "step");
    NdArray stepCount = optimizer.get(Optimizer.STEP_COUNT);
    if (stepCount == null || stepCount.size() != 1 || stepCount.getFlat(0) != step) {
      throw fail(file, "the model and optimizer state are from different steps: metadata step is " + step
          + " but the optimizer's stepCount is " + (stepCount == null ? "missing" : stepCount.toString()));
    }
    Long loaderDraws = metadata.containsKey(RNG_LOADER) ? counter(file, metadata, RNG_LOADER) : null;
    long[] loaderShape = loaderDraws == null ? null
        : new long[] {counter(file, metadata, LOADER_BATCH), counter(file, metadata, LOADER_EXAMPLES)};
    String loaderSeed = loaderDraws == null ? null : metadata.get(LOADER_SEED); // null in older files
    if (loaderSeed != null && !loaderSeed.equals(NO_SHUFFLING)) {
      try {
        loaderSeed = Long.toString(Long.parseLong(loaderSeed));
      } catch (NumberFormatException e) {
        throw fail(file, "metadata " + LOADER_SEED + " must be an integer or \"" + NO_SHUFFLING + "\"; got "
            + SafeTensorsException.quote(loaderSeed));
      }
    }
    Map<String, Long> moduleDraws = new LinkedHashMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    for (String key : metadata.keySet()) {
      if (key.startsWith(SETTING)) {
        settings.put(key.substring(SETTING.length()), metadata.get(key));
      } else if (key.equals(RNG_MODEL)) {
        moduleDraws.put("", counter(file, metadata, key));
      } else if (key.startsWith(RNG_MODEL + ".")) {
        moduleDraws.put(key.substring(RNG_MODEL.length() + 1), counter(file, metadata, key));
      }
    }
    return new TrainingCheckpoint(
        file, model, optimizer, extra, epoch, step, loaderDraws, loaderShape, moduleDraws, loaderSeed, settings);
  }

  /**
   * Puts the model, optimizer, loader and stochastic modules in the saved state. Everything is checked
   * first (state-dict names and shapes, the optimizer's keys, the set of stochastic modules, the loader's
   * presence), so on failure nothing has changed.
   *
   * @param model the model to restore, with the saved names and shapes
   * @param optimizer the optimizer to restore, over the same parameters with the same rule
   * @param loader the training data loader, or null to leave it alone
   * @throws SafeTensorsException if the model's names, shapes or stochastic modules differ
   * @throws IllegalArgumentException if the optimizer state does not fit {@code optimizer}, or a loader is
   *     given but the checkpoint has no loader position, another batch size or example count, or another
   *     shuffle seed (checked only when the file records one)
   */
  public void restore(Module model, Optimizer optimizer, DataLoader loader) {
    Map<String, NdArray> expected = model.stateDict();
    Checkpoint.checkNames(source, this.model, expected);
    Map<String, NdArray> state = new LinkedHashMap<>();
    for (Map.Entry<String, NdArray> entry : expected.entrySet()) {
      state.put(entry.getKey(), Checkpoint.fitted(source, entry.getKey(), this.model.get(entry.getKey()), entry.getValue()));
    }
    Map<String, Stochastic> stochastic = stochasticModules(model);
    if (!stochastic.keySet().equals(moduleDraws.keySet())) {
      throw SafeTensorsException.of("checkpoint", source.toString(), "",
          "the model's random modules differ from the checkpoint's; model " + new TreeSet<>(stochastic.keySet())
              + ", checkpoint " + new TreeSet<>(moduleDraws.keySet()));
    }
    checkArgument(loader == null || loaderDraws != null,
        "trainingCheckpoint restore: a data loader was given but the checkpoint has no loader position; got epoch %s",
        epoch);
    checkArgument(loader == null
            || (loader.batchSize() == loaderShape[0] && loader.dataset().size() == loaderShape[1]),
        "trainingCheckpoint restore: the data loader differs from the saved one (batch size, examples); got %s",
        loader == null ? "" : "[" + loader.batchSize() + ", " + loader.dataset().size() + "], saved ["
            + loaderShape[0] + ", " + loaderShape[1] + "]");
    checkArgument(loader == null || loaderSeed == null || loaderSeed.equals(shuffleSeed(loader)),
        "trainingCheckpoint restore: the data loader's shuffle seed differs from the one the checkpoint was written"
            + " with; got %s, saved %s",
        loader == null ? "" : describeSeed(shuffleSeed(loader)), describeSeed(loaderSeed));
    optimizer.loadState(this.optimizer); // checks everything before it changes anything
    model.loadStateDict(state);
    stochastic.forEach((path, module) -> module.restoreDraws(moduleDraws.get(path)));
    if (loader != null) {
      loader.restoreDraws(loaderDraws);
    }
  }

  /**
   * Completed epochs.
   *
   * @return the number of completed epochs
   */
  public long epoch() {
    return epoch;
  }

  /**
   * Optimizer steps taken (its {@code stepCount}).
   *
   * @return the number of optimizer steps
   */
  public long step() {
    return step;
  }

  /**
   * The model's state dict as saved.
   *
   * @return the model's arrays by state-dict name
   */
  public Map<String, NdArray> model() {
    return model;
  }

  /**
   * The optimizer's state as saved.
   *
   * @return the optimizer's state
   */
  public Map<String, NdArray> optimizer() {
    return optimizer;
  }

  /**
   * The configuration text saved with {@link #capture(Module, Optimizer, DataLoader, long, Map, Map)}.
   *
   * @return the settings by key, without their {@code setting.} prefix; empty for files written without any
   */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * The extra arrays, without their {@code extra.} prefix.
   *
   * @return the extra arrays by name
   */
  public Map<String, NdArray> extra() {
    return extra;
  }

  /**
   * The {@link Stochastic} modules of {@code model} (itself included) by dotted path, {@code ""} for the
   * root, depth first in insertion order; a module reached twice is listed once, under its first path.
   */
  static Map<String, Stochastic> stochasticModules(Module model) {
    Map<String, Stochastic> out = new LinkedHashMap<>();
    Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    record Entry(String path, Module module) {}
    Deque<Entry> stack = new ArrayDeque<>();
    stack.push(new Entry("", model));
    while (!stack.isEmpty()) {
      Entry e = stack.pop();
      if (!seen.add(e.module())) {
        continue;
      }
      Module module = e.module();
      while (module instanceof Hooked<?> hooked) {
        module = hooked.module();
      }
      if (module instanceof Stochastic s) {
        out.put(e.path(), s);
      }
      Object[] names = e.module().children().keySet().toArray();
      for (int i = names.length - 1; i >= 0; i--) {
        String name = (String) names[i];
        stack.push(new Entry(e.path().isEmpty() ? name : e.path() + "." + name, e.module().children().get(name)));
      }
    }
    return out;
  }

  /** The loader's seed in decimal, or {@link #NO_SHUFFLING}: how it is stored. */
  private static String shuffleSeed(DataLoader loader) {
    OptionalLong seed = loader.shuffleSeed();
    return seed.isPresent() ? Long.toString(seed.getAsLong()) : NO_SHUFFLING;
  }

  private static String describeSeed(String stored) {
    return NO_SHUFFLING.equals(stored) ? "no shuffling" : stored;
  }

  private static String moduleKey(String path) {
    return path.isEmpty() ? RNG_MODEL : RNG_MODEL + "." + path;
  }

  private static long counter(Path file, Map<String, String> metadata, String key) {
    String text = metadata.get(key);
    if (text == null) {
      throw fail(file, "metadata " + key + " is missing");
    }
    try {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw fail(file, "metadata " + key + " must be a non-negative integer; got " + SafeTensorsException.quote(text));
  }

  private static SafeTensorsException fail(Path file, String problem) {
    return SafeTensorsException.of("checkpoint", file.toString(), "", problem);
  }
}
