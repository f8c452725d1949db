package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History.writeCsv: the header, every value at full precision, empty NaN cells, atomic replacement. */
class HistoryCsvTest {
  @TempDir Path dir;

  /** Two epochs with metrics named out of alphabetical order, the first without a validation loss. */
  static History sample() {
    Map<String, Double> first = new LinkedHashMap<>();
    first.put("top5", 0.8125);
    first.put("accuracy", 0.1 + 0.2);
    Map<String, Double> second = new LinkedHashMap<>();
    second.put("top5", 0.9);
    second.put("accuracy", 1.0 / 3);
    return new History(List.of(
        new EpochRecord(1, 2.302585092994046, Double.NaN, first, 0.1, Duration.ofNanos(1_234_567_891),
            Duration.ofNanos(1_300_000_000)),
        new EpochRecord(2, 1e-7, 0.123456789012345, second, 0.05, Duration.ofMillis(987),
            Duration.ofNanos(2_300_000_000L))),
        "reached 2 epochs");
  }

  @Test
  void theCsvParsesBackToTheHistory() throws IOException {
    History history = sample();
    Path written = history.writeCsv(dir.resolve("run.csv"));
    List<String> lines = Files.readAllLines(written, StandardCharsets.UTF_8);
    assertEquals("epoch,train_loss,validation_loss,top5,accuracy,learning_rate,seconds", lines.get(0));
    assertEquals(1 + history.epochCount(), lines.size());
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    for (int i = 0; i < history.epochCount(); i++) {
      EpochRecord expected = history.epochs().get(i);
      String[] cells = lines.get(i + 1).split(",", -1);
      assertEquals(header.size(), cells.length, lines.get(i + 1));
      assertEquals(expected.epoch(), Integer.parseInt(cells[0]));
      assertEquals(expected.trainLoss(), Double.parseDouble(cells[1]));
      assertEquals(expected.validationLoss(), cells[2].isEmpty() ? Double.NaN : Double.parseDouble(cells[2]));
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (int c = 3; c < header.size() - 2; c++) {
        metrics.put(header.get(c), Double.parseDouble(cells[c]));
      }
      assertEquals(List.copyOf(expected.metrics().entrySet()), List.copyOf(metrics.entrySet()));
      assertEquals(expected.learningRate(), Double.parseDouble(cells[header.size() - 2]));
      double seconds = Double.parseDouble(cells[header.size() - 1]);
      assertEquals(expected.duration(), Duration.ofNanos(Math.round(seconds * 1e9)));
    }
    assertEquals("", lines.get(1).split(",", -1)[2], "a NaN validation loss is an empty cell");
  }

  @Test
  void writeCsvCreatesDirectoriesAndReplacesTheFileWholly() throws IOException {
    Path file = dir.resolve("a/b/run.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old contents, longer than the new ones\n".repeat(50));
    Path written = sample().writeCsv(file);
    assertEquals(file.toAbsolutePath().normalize(), written);
    assertEquals(HistoryCsv.format(sample()), Files.readString(file));
    Path fresh = sample().writeCsv(dir.resolve("c/d/run.csv"));
    assertTrue(Files.isRegularFile(fresh));
    try (var listing = Files.list(file.getParent())) {
      assertEquals(List.of("run.csv"), listing.map(p -> p.getFileName().toString()).toList(), "no temporary left");
    }
  }

  @Test
  void metricsMissingFromAnEpochAreEmptyCellsAndAwkwardNamesAreQuoted() {
    History history = new History(List.of(
        new EpochRecord(1, 1.0, 2.0, Map.of("a,\"b\"", 0.5), 0.1, Duration.ZERO, Duration.ZERO),
        new EpochRecord(2, 1.0, 2.0, Map.of(), 0.1, Duration.ZERO, Duration.ZERO)), "done");
    List<String> lines = new ArrayList<>(HistoryCsv.format(history).lines().toList());
    assertEquals("epoch,train_loss,validation_loss,\"a,\"\"b\"\"\",learning_rate,seconds", lines.get(0));
    assertEquals("1,1.0,2.0,0.5,0.1,0.0", lines.get(1));
    assertEquals("2,1.0,2.0,,0.1,0.0", lines.get(2));
  }
}
