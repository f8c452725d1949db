package dev.chainrule.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.nn.Sequential;
import dev.chainrule.nn.data.DataLoader;
import dev.chainrule.nn.loss.MeanSquaredError;
import dev.chainrule.nn.optim.Optimizer;
import dev.chainrule.nn.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TrainingListener.progress: plain lines off a terminal, the epoch line, and the fallback without the bar library. */
class ProgressListenerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static EpochRecord epoch(int epoch, Duration elapsed) {
    return new EpochRecord(epoch, 0.5, 0.25, Map.of("accuracy", 0.75), 0.1, Duration.ofSeconds(3), elapsed);
  }

  @Test
  void offATerminalItPrintsPlainBatchLinesWithThroughputAndTheEpochLine() {
    ProgressListener listener = new ProgressListener(out, 10, Duration.ZERO, false, OptionalLibrary::loadable);
    assertFalse(listener.drawsBar());
    listener.onBatchEnd(1, 0, 3, 2.5, Duration.ofSeconds(1));
    listener.onBatchEnd(1, 1, 3, 1.25, Duration.ofSeconds(2));
    listener.onBatchEnd(1, 2, 3, 0.5, Duration.ofMillis(2500));
    listener.onEpochEnd(epoch(1, Duration.ofSeconds(3)));
    listener.onBatchEnd(2, 0, 3, 0.25, Duration.ofSeconds(5));
    assertEquals(List.of(
        "  epoch 1, batch 1/3, loss 2.500",
        "  epoch 1, batch 2/3, loss 1.250, 10 examples/s",
        "  epoch 1, batch 3/3, loss 0.5000, 13 examples/s",
        epoch(1, Duration.ofSeconds(3)).toString(),
        "  epoch 2, batch 1/3, loss 0.2500, 5 examples/s"), lines());
  }

  @Test
  void plainLinesComeAtMostOncePerInterval() {
    ProgressListener listener = new ProgressListener(out, 10, Duration.ofHours(1), false, OptionalLibrary::loadable);
    for (int b = 0; b < 50; b++) {
      listener.onBatchEnd(1, b, 50, 1.0, Duration.ofMillis(b));
    }
    listener.onEpochEnd(epoch(1, Duration.ofSeconds(1)));
    assertEquals(List.of(epoch(1, Duration.ofSeconds(1)).toString()), lines());
  }

  @Test
  void onATerminalWithoutTheBarLibraryItFallsBackToPlainLines() {
    ProgressListener listener = new ProgressListener(out, 4, Duration.ZERO, true,
        name -> !name.startsWith("me.tongfei.progressbar."));
    assertFalse(listener.drawsBar());
    listener.onBatchEnd(1, 0, 1, 0.125, Duration.ofSeconds(1));
    listener.onEpochEnd(epoch(1, Duration.ofSeconds(2)));
    assertEquals(List.of("  epoch 1, batch 1/1, loss 0.1250", epoch(1, Duration.ofSeconds(2)).toString()), lines());
  }

  @Test
  void onATerminalWithTheLibraryItDrawsABar() {
    assertTrue(new ProgressListener(out, 4, Duration.ZERO, true, OptionalLibrary::loadable).drawsBar());
    assertFalse(new ProgressListener(out, 4, Duration.ZERO, true, name -> !name.startsWith("org.jline.")).drawsBar(),
        "the bar also needs the terminal library it draws with");
  }

  @Test
  void detectionLoadsPresentClassesAndReportsMissingOnesWithoutThrowing() {
    assertTrue(OptionalLibrary.loadable("me.tongfei.progressbar.ProgressBarBuilder"));
    assertTrue(OptionalLibrary.loadable("org.knowm.xchart.XYChart"));
    assertFalse(OptionalLibrary.loadable("me.tongfei.progressbar.NoSuchClass"));
    assertTrue(OptionalLibrary.PROGRESSBAR.presentIn(OptionalLibrary::loadable));
    assertEquals("0.10.1", OptionalLibrary.PROGRESSBAR.version());
  }

  @Test
  void aTrainerReportsToTheListener() {
    ProgressListener listener = new ProgressListener(out, 4, Duration.ZERO, false, OptionalLibrary::loadable);
    Sequential net = ConvergenceTest.xorNetwork(1);
    History history = Trainer.create(net, MeanSquaredError.halfSum(), Optimizer.create(Sgd.of(0.5), net.parameters()))
        .withListener(listener).stopWhen(StoppingCriterion.maxEpochs(2))
        .fit(DataLoader.fullBatch(ConvergenceTest.xor()));
    List<String> lines = lines();
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("  epoch 1, batch 1/1, loss "), lines.get(0));
    assertEquals(history.epochs().get(0).toString(), lines.get(1));
    assertEquals(history.epochs().get(1).toString(), lines.get(3));
  }
}
