package dev.chainrule.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.nn.optim.Optimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during checkpointing: a child JVM saves training checkpoints in a loop and is killed with
 * {@code destroyForcibly} at a random moment. After every kill the file must decode, hold one step
 * throughout (metadata, optimizer step count, every weight and momentum value), never go backwards; and
 * after the next save no temporary file may remain.
 */
class KillDuringSaveTest {
  private static final int TRIALS = 20;
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(18);

  @TempDir Path directory;

  @Test
  void aKilledSaveLeavesAConsistentCheckpointAndTheNextSaveCleansUp() throws Exception {
    Path file = directory.resolve("train.safetensors");
    Random random = new Random(2026);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    long lastStep = 0;
    int trials = 0;
    int killedMidWrite = 0;
    while (trials < TRIALS && System.nanoTime() < deadline) {
      Process child = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx256m", "--add-modules", "jdk.incubator.vector",
              "-cp", System.getProperty("java.class.path"),
              CheckpointSaverMain.class.getName(), file.toString())
          .redirectErrorStream(true)
          .start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
          line = out.readLine(); // the JVM's incubator warning may come first
        } while (line != null && !line.startsWith("saved "));
        assertNotNull(line, () -> "the child ended before its first save");
        Thread.sleep(random.nextInt(120));
      } finally {
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child did not die");
      }
      trials++;

      TrainingCheckpoint saved = TrainingCheckpoint.read(file); // decodes, and metadata step = optimizer stepCount
      long step = saved.step();
      assertTrue(step > lastStep, "trial " + trials + ": step " + step + " after " + lastStep);
      assertEquals(step, saved.epoch());
      assertAll(saved.model(), step, "model");
      assertAll(without(saved.optimizer(), Optimizer.LEARNING_RATE), step, "optimizer");
      lastStep = step;

      if (!temporaries().isEmpty()) {
        killedMidWrite++;
      }
      saved.save(file); // the next save
      assertEquals(List.of(), temporaries(), "trial " + trials + ": temporaries after the next save");
      assertEquals(List.of(file), listing());
    }
    assertTrue(trials >= 5, String.format("only %d trials fit in the time budget (%d killed mid-write, last step %d)",
        trials, killedMidWrite, lastStep));
  }

  private static void assertAll(Map<String, NdArray> arrays, long step, String what) {
    assertTrue(!arrays.isEmpty());
    arrays.forEach((name, array) -> {
      for (int i = 0; i < array.size(); i++) {
        if (array.getFlat(i) != step) {
          throw new AssertionError(what + " " + name + "[" + i + "] is " + array.getFlat(i) + " in a checkpoint of step " + step);
        }
      }
    });
  }

  private static Map<String, NdArray> without(Map<String, NdArray> state, String key) {
    return state.entrySet().stream().filter(e -> !e.getKey().equals(key))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private List<Path> temporaries() throws IOException {
    try (Stream<Path> paths = Files.list(directory)) {
      return paths.filter(p -> AtomicFile.isTemporaryOf(p.getFileName().toString(), "train.safetensors"))
          .collect(Collectors.toList());
    }
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> paths = Files.list(directory)) {
      return paths.sorted().collect(Collectors.toList());
    }
  }
}
