package dev.chainrule.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fortune cookies as plain text for a character model. A fortune file holds entries separated by lines
 * that are a single {@code %}; {@code parse("Hi.\n%\nBye.\n%\n")} → {@code ["Hi.", "Bye."]}.
 *
 * <p>Entries are cleaned to printable ASCII and newlines, so the vocabulary stays under a hundred
 * characters: an overstruck character (one followed by a backspace, the files' old bold and underline) is
 * dropped, a tab becomes a space, and any other character is dropped. Blank entries are skipped.
 */
final class Fortunes {
  /** What ends every entry in a corpus: a line holding a single {@code %}, as in the files. */
  static final String SEPARATOR = "\n%\n";

  private Fortunes() {}

  /** The cleaned, non-blank entries of a fortune file's text, in file order. */
  static List<String> parse(String text) {
    List<String> entries = new ArrayList<>();
    StringBuilder entry = new StringBuilder();
    for (String line : (text + "\n%").split("\r?\n", -1)) {
      if (line.equals("%")) {
        String cleaned = entry.toString().strip();
        if (!cleaned.isEmpty()) {
          entries.add(cleaned);
        }
        entry.setLength(0);
      } else {
        entry.append(clean(line)).append('\n');
      }
    }
    return entries;
  }

  /** {@code line} in printable ASCII: overstruck characters dropped, tabs as spaces, trailing spaces removed. */
  static String clean(String line) {
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\b') {
        out.setLength(Math.max(0, out.length() - 1));
      } else if (c == '\t') {
        out.append(' ');
      } else if (c >= ' ' && c <= '~') {
        out.append(c);
      }
    }
    return out.toString().stripTrailing();
  }

  /** The entries of every fortune file in {@code directory}, files in name order, skipping the {@code .dat} indexes and {@code .u8} links. */
  static List<String> readDirectory(Path directory) {
    List<String> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && !Files.isSymbolicLink(file) && !name.endsWith(".dat") && !name.endsWith(".u8")) {
          entries.addAll(read(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fortunes: cannot list " + directory, e);
    }
    return entries;
  }

  /** The entries of one fortune file (read as Latin-1, so any byte is a character and none is an error). */
  static List<String> read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException("fortunes: cannot read " + file, e);
    }
  }

  /** {@code entries} as one text, each followed by {@link #SEPARATOR}. */
  static String corpus(List<String> entries) {
    StringBuilder text = new StringBuilder();
    for (String entry : entries) {
      text.append(entry).append(SEPARATOR);
    }
    return text.toString();
  }
}
