package dev.chainrule.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine stays small: the code lines of {@code autodiff/src/main} (not blank, not comments) stay within
 * the budget the README states. Raise the budget only together with the README, and prefer deleting code.
 */
class LineBudgetTest {
  /** The budget stated in the README. */
  static final int BUDGET = 9100;

  @Test
  void theEngineStaysWithinItsLineBudget() throws IOException {
    Path root = Path.of("src/main/java");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    assertTrue(files.size() > 50, "the sources were not found under " + root.toAbsolutePath());
    int lines = 0;
    for (Path file : files) {
      lines += codeLines(Files.readAllLines(file));
    }
    assertTrue(lines <= BUDGET, "autodiff/src/main has " + lines + " code lines; the budget is " + BUDGET);
  }

  @Test
  void commentsAndBlankLinesAreNotCounted() {
    List<String> source = List.of("/**", " * doc", " */", "", "int x = 1; // note", "// gone", "/* one */", "}");
    assertTrue(codeLines(source) == 2, "counted " + codeLines(source));
  }

  static int codeLines(List<String> lines) {
    int count = 0;
    boolean inComment = false;
    for (String line : lines) {
      String t = line.strip();
      if (inComment) {
        inComment = !t.contains("*/");
      } else if (t.startsWith("/*")) {
        inComment = !t.contains("*/");
      } else if (!t.isEmpty() && !t.startsWith("//")) {
        count++;
      }
    }
    return count;
  }
}
