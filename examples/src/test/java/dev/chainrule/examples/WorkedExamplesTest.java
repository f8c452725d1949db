package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The default {@code exec:java} main prints each example's headline numbers. */
class WorkedExamplesTest {

  @Test
  void printsEveryExamplesPublishedNumbers() {
    String out = captureOutput(() -> WorkedExamples.main(new String[0]));

    for (String expected : new String[] {
        "g = 24.7041", "dg/da = 138.8338", "dg/db = 645.5773",
        "9.000", "-12.00", "= 1.700",
        "o2 = 0.534943", "o3 = 0.564755", "E = 0.00914561", "dE/dw32 = -0.0177837", "= 0.301778",
        "gradient check (inputs 0-3: w21, w20, w32, w30): passed"}) {
      assertTrue(out.contains(expected), () -> "missing '" + expected + "' in:\n" + out);
    }
  }

  private static String captureOutput(Runnable body) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
