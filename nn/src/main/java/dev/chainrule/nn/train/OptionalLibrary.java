package dev.chainrule.nn.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * A library that nn uses only when it is on the class path (an optional Maven dependency), recognised by
 * classes it must provide.
 *
 * @param coordinates Maven {@code groupId:artifactId}
 * @param versionKey the key of its pinned version in {@code optional-libraries.properties}
 * @param classNames classes that must all load for the library to be usable
 */
record OptionalLibrary(String coordinates, String versionKey, List<String> classNames) {
  /** The terminal progress bar and the terminal library it draws with. */
  static final OptionalLibrary PROGRESSBAR = new OptionalLibrary("me.tongfei:progressbar", "progressbar",
      List.of("me.tongfei.progressbar.ProgressBarBuilder", "org.jline.terminal.TerminalBuilder"));

  /** The chart library of the history PNG. */
  static final OptionalLibrary XCHART =
      new OptionalLibrary("org.knowm.xchart:xchart", "xchart", List.of("org.knowm.xchart.XYChart"));

  OptionalLibrary {
    classNames = List.copyOf(classNames);
  }

  /** Whether every class of the library loads, as seen by {@code loadable}. */
  boolean presentIn(Predicate<String> loadable) {
    return classNames.stream().allMatch(loadable);
  }

  /** The failure of {@code op} for want of this library, naming its coordinates and version. */
  IllegalStateException missing(String op) {
    return new IllegalStateException(String.format(
        "%s: needs %s %s on the class path; got none", op, coordinates, version()));
  }

  /** The version nn was built against, e.g. {@code 3.8.8}. */
  String version() {
    Properties versions = new Properties();
    try (InputStream in = OptionalLibrary.class.getResourceAsStream("optional-libraries.properties")) {
      if (in == null) {
        return "(version unknown)";
      }
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("optional library: cannot read optional-libraries.properties", e);
    }
    return versions.getProperty(versionKey, "(version unknown)");
  }

  /**
   * Whether {@code className} can be loaded by nn's class loader, without initialising it; never throws,
   * not even {@link NoClassDefFoundError} for a class whose own dependencies are missing.
   */
  static boolean loadable(String className) {
    try {
      Class.forName(className, false, OptionalLibrary.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
