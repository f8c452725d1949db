package dev.chainrule.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing fortune files: entries between {@code %} lines, cleaned to printable ASCII, index files and links skipped. */
class FortunesTest {
  @TempDir Path dir;

  @Test
  void entriesAreSplitAtLinesHoldingASinglePercentSign() {
    assertEquals(List.of("Hi.", "Two\nlines.", "50% off"), Fortunes.parse("Hi.\n%\nTwo\nlines.\n%\n50% off\n%\n"));
  }

  @Test
  void blankEntriesAndAMissingFinalSeparatorAreHandled() {
    assertEquals(List.of("First.", "Last."), Fortunes.parse("%\nFirst.\n%\n  \n%\nLast."));
  }

  @Test
  void overstrikesTabsAndNonAsciiCharactersAreCleanedAway() {
    assertEquals("bold under x y caf", Fortunes.clean("b\bbo\bol\bld\bd _\bu_\bn_\bd_\be_\br x\ty caf\u00e9   "));
  }

  @Test
  void aCorpusEndsEveryEntryWithTheSeparatorAndParsesBack() {
    List<String> entries = List.of("One.", "Two\nthree.");
    assertEquals("One.\n%\nTwo\nthree.\n%\n", Fortunes.corpus(entries));
    assertEquals(entries, Fortunes.parse(Fortunes.corpus(entries)));
  }

  @Test
  void aDirectoryIsReadInNameOrderWithoutIndexFilesOrLinks() throws IOException {
    Files.writeString(dir.resolve("b"), "Bee.\n%\n");
    Files.writeString(dir.resolve("a"), "Ay.\n%\n");
    Files.write(dir.resolve("a.dat"), new byte[] {0, 2, '%', 1});
    Files.createSymbolicLink(dir.resolve("a.u8"), dir.resolve("a"));
    assertEquals(List.of("Ay.", "Bee."), Fortunes.readDirectory(dir));
  }
}
