package dev.chainrule.nn.io;

import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.Module;
import dev.chainrule.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Saves and restores model weights (and other named state, such as an optimizer's) as safetensors files.
 *
 * <p>A model is saved as its {@link Module#stateDict()} under the plain dotted names ({@code "0.weight"}),
 * with metadata {@code {"format": "pt"}}, so PyTorch's {@code safetensors.torch.load_file} and Hugging
 * Face tools read it directly. Saves are atomic (see {@link SafeTensors#write}); loads check the whole
 * file against the model before changing anything.
 *
 * <p>To resume training, prefer {@link TrainingCheckpoint}: it puts the model, the optimizer, the
 * counters and the random positions in one atomically written file, whereas saving the model and the
 * optimizer here takes two files, which a crash between the saves leaves at different steps.
 */
public final class Checkpoint {
  private Checkpoint() {}

  /**
   * Atomically writes {@code model}'s parameters and buffers to {@code file}.
   *
   * @param file the file to write
   * @param model the module whose state dict is saved
   */
  public static void save(Path file, Module model) {
    SafeTensors.write(file, model.stateDict(), Map.of("format", "pt"));
  }

  /**
   * Atomically writes named arrays and metadata to {@code file}, e.g. optimizer state.
   *
   * @param file the file to write
   * @param state the arrays by name, in the order written
   * @param metadata strings stored in the header's {@code "__metadata__"}
   */
  public static void save(Path file, Map<String, NdArray> state, Map<String, String> metadata) {
    SafeTensors.write(file, state, metadata);
  }

  /**
   * Atomically writes {@code optimizer}'s state (slots, step count, learning rate), to resume training.
   *
   * @param file the file to write
   * @param optimizer the optimizer whose state is saved
   */
  public static void save(Path file, Optimizer optimizer) {
    SafeTensors.write(file, optimizer.state(), Map.of("content", "chainrule optimizer state"));
  }

  /**
   * Restores {@code optimizer}'s state from {@code file}; the optimizer checks every name, shape and dtype
   * before changing anything.
   *
   * @param file a file written by {@link #save(Path, Optimizer)}
   * @param optimizer the optimizer to restore, over the same parameters with the same rule
   * @throws SafeTensorsException if the file is invalid
   * @throws IllegalArgumentException if it does not match the optimizer's parameters
   */
  public static void load(Path file, Optimizer optimizer) {
    optimizer.loadState(SafeTensors.read(file).tensors());
  }

  /**
   * Replaces {@code model}'s parameters and buffers with those in {@code file}.
   *
   * <p>The file must hold exactly the model's names with the same shapes. A float32 tensor (including
   * F16 and BF16 ones, which read as float32) loads into a float64 model by exact widening; a float64
   * tensor (or an integer one, which reads as float64) loads into a float32 model only when every value
   * is exact in float32, since anything else would round silently. Everything is checked
   * before anything changes, so on failure the model is untouched.
   *
   * @param file a file written by {@link #save(Path, Module)}, or another safetensors file of the same names
   * @param model the module to load into
   * @throws SafeTensorsException if the file is invalid or does not match the model
   */
  public static void load(Path file, Module model) {
    Map<String, NdArray> stored = SafeTensors.read(file).tensors();
    Map<String, NdArray> expected = model.stateDict();
    checkNames(file, stored, expected);
    Map<String, NdArray> state = new LinkedHashMap<>();
    for (Map.Entry<String, NdArray> entry : expected.entrySet()) {
      state.put(entry.getKey(), fitted(file, entry.getKey(), stored.get(entry.getKey()), entry.getValue()));
    }
    model.loadStateDict(state);
  }

  static void checkNames(Path file, Map<String, NdArray> stored, Map<String, NdArray> expected) {
    TreeSet<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(stored.keySet());
    TreeSet<String> unexpected = new TreeSet<>(stored.keySet());
    unexpected.removeAll(expected.keySet());
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw fail(file, "", "names differ from the model's; missing " + missing + ", unexpected " + unexpected);
    }
  }

  /** {@code stored} in the dtype of {@code current}, if the shapes agree and no rounding is needed. */
  static NdArray fitted(Path file, String name, NdArray stored, NdArray current) {
    if (!stored.shape().equals(current.shape())) {
      throw fail(file, name, "the model expects shape " + current.shape() + "; the file has " + stored.shape());
    }
    if (stored.dtype() == DType.FLOAT64 && current.dtype() == DType.FLOAT32 && !exactInFloat32(stored)) {
      throw fail(file, name, "the model expects float32; the file has float64, which would round "
          + "(convert explicitly: SafeTensors.read, NdArray.to(FLOAT32), Module.loadStateDict)");
    }
    return stored.to(current.dtype());
  }

  /** Whether every value survives the trip to float32 and back (integer counters, say). */
  private static boolean exactInFloat32(NdArray values) {
    for (int i = 0; i < values.size(); i++) {
      double v = values.getFlat(i);
      if ((double) (float) v != v && !Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  private static SafeTensorsException fail(Path file, String tensor, String problem) {
    return SafeTensorsException.of("checkpoint", file.toString(), tensor, problem);
  }
}
